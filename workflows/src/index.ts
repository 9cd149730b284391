// What other packages may import from @ggzy/workflows outside the sandbox: contracts, names, Updates and queries.
export * from './probe-contracts';
export * from './search-attributes';
export type * from './probe-activities';
export * from './engine/process-contracts';
export type * from './engine/engine-activities';
export * from './engine/updates-and-queries';
export * from './engine/migration';

export const WORKFLOW_TYPES = { probe: 'probeWorkflow', process: 'processWorkflow', timerStart: 'timerStartWorkflow' } as const;
