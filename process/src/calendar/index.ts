export * from './duration';
export * from './work-calendar';
export * from './timer-start';
