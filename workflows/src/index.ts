// What other packages may import from @ggzy/workflows outside the sandbox: contracts, names and definitions.
export * from './contracts';
export * from './search-attributes';
export type * from './activity-types';
export * from './engine/contracts';
export type * from './engine/activity-types';
export * from './engine/definitions';

export const WORKFLOW_TYPES = { probe: 'probeWorkflow', process: 'processWorkflow' } as const;
