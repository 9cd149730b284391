export * from './config';
export * from './connection';
export * from './migrate';
export * from './passwords';
export * from './seed';
export * from './models/base';
export * from './models/platform';
export * from './models/libraries';
export { migrationSource } from './migrations';
