export * from './errors';
export * from './task';
export * from './schemas';
