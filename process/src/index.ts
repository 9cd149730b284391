export * from './runtime';
export * from './compiler';
export * from './statutory';
