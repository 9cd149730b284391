// What other packages may import from @ggzy/workflows outside the sandbox: contracts, names and the bundle path.
export * from './contracts';
export * from './search-attributes';
export type * from './activity-types';

export const WORKFLOW_TYPES = { probe: 'probeWorkflow' } as const;
