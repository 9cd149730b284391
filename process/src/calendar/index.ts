export * from './duration';
export * from './work-calendar';
