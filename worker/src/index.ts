// The worker app: the Temporal worker that runs the platform's workflows and activities, the workflow bundle it loads,
// and the jobs it runs beside them. `main.ts` is the process; tests and benchmarks assemble the same parts in-process.
export * from './worker';
export * from './bundle';
export * from './data-converter';
export * from './jobs';
