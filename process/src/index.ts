export * from './runtime';
export * from './compiler';
