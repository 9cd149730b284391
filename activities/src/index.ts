// The worker's Temporal adapters: domain steps as activities, and the engine's projection and definition lookup.
export * from './worker-activities';
export * from './kit';
export { syncTimerStartSchedules, wantedTimerSchedules, TIMER_SCHEDULE_PREFIX } from './interpreter/timer-schedules';
