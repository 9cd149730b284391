// The deal's lifecycle under supervision as a state machine: the directives it accepts in each state.
import { createActor, setup, type Actor } from 'xstate';
import type { Lifecycle } from './process-contracts';

export type LifecycleEvent =
  | { type: 'SUSPEND' } | { type: 'RESUME' } | { type: 'RECTIFY' } | { type: 'ACCEPT_RECTIFICATION' }
  | { type: 'TERMINATE' } | { type: 'COMPLETE' } | { type: 'FAIL' };

/**
 * The lifecycle of a running deal under supervision: active ↔ suspended, active → rectifying (整改) → active,
 * and the final states. Directives are events; a directive the current state does not accept is refused.
 */
export const lifecycleMachine = setup({ types: { events: {} as LifecycleEvent } }).createMachine({
  id: 'lifecycle',
  initial: 'active',
  states: {
    active: { on: { SUSPEND: 'suspended', RECTIFY: 'rectifying', TERMINATE: 'terminated', COMPLETE: 'completed', FAIL: 'failed' } },
    suspended: { on: { RESUME: 'active', RECTIFY: 'rectifying', TERMINATE: 'terminated' } },
    rectifying: { on: { ACCEPT_RECTIFICATION: 'active', SUSPEND: 'suspended', TERMINATE: 'terminated' } },
    terminated: { type: 'final' },
    completed: { type: 'final' },
    failed: { type: 'final' },
  },
});

export type LifecycleActor = Actor<typeof lifecycleMachine>;

export function startLifecycle(from: Lifecycle = 'active'): LifecycleActor {
  const snapshot = lifecycleMachine.resolveState({ value: from, context: undefined as never });
  return createActor(lifecycleMachine, { snapshot }).start();
}

export function lifecycleOf(actor: LifecycleActor): Lifecycle {
  return actor.getSnapshot().value as Lifecycle;
}
