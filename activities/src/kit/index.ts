export * from './errors';
export * from './task';
