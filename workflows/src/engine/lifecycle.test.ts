// The one "has the lifecycle ended" function the api and portal may use agrees with the lifecycle machine's final states.
import { isLifecycleEnded, type Lifecycle } from './process-contracts';
import { lifecycleMachine, startLifecycle } from './lifecycle';

const lifecycles = Object.keys(lifecycleMachine.config.states ?? {}) as Lifecycle[];

test('the machine has every lifecycle the contracts name', () => {
  expect([...lifecycles].sort()).toEqual(['active', 'completed', 'failed', 'rectifying', 'suspended', 'terminated']);
});

test.each(lifecycles)('%s is ended exactly when it is a final state of the machine', (lifecycle) => {
  expect(isLifecycleEnded(lifecycle)).toBe(startLifecycle(lifecycle).getSnapshot().status === 'done');
});
