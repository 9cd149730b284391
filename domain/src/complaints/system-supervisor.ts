// The supervisor a complaint's directives are sent as (they suspend and resume the deal complained about); the
// sending itself is the runner's (TaskContext.sendDirective).
export const systemSupervisor = (regionCode: string) => ({ userId: 0, username: 'system:complaints', role: 'supervisor', regionCode });
