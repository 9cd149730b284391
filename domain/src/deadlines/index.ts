export * from './postponements';
