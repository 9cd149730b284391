export * from './catalog';
export * from './worker/worker';
export * from './worker/bundle';
