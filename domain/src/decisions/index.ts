export * from './decisions';
