// The worker's Temporal adapters: domain steps as activities, and the engine's projection and definition lookup.
export * from './catalog';
export * from './kit';
