// The determinism gate: every committed history replays against today's workflow code; a tampered one must not.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { bundlePath, dataConverter, quietTemporalRuntime } from '../support/platform';

const historiesDir = path.join(__dirname, 'histories');
const files = readdirSync(historiesDir).filter((f) => f.endsWith('.json')).sort();

type History = temporal.api.history.v1.History;

function load(file: string): Array<{ workflowId: string; history: History }> {
  const stored = JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8')) as Array<{ workflowId: string; history: string }>;
  return stored.map((h) => ({ workflowId: h.workflowId, history: temporal.api.history.v1.History.decode(Buffer.from(h.history, 'base64')) }));
}

describe('replay of committed histories', () => {
  beforeAll(() => quietTemporalRuntime());

  test('there is a committed history for every dev-server fixture', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  test('every committed history replays without a determinism violation', async () => {
    const histories = files.flatMap((file) => load(file));
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: bundlePath() }, dataConverter: dataConverter() }, histories)) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(histories.length);
  });

  test('interpreter changes are behind patched(): histories recorded before a patch replay on the old path', () => {
    const legacy = files.filter((f) => f.startsWith('legacy-before-projection-patch-'));
    expect(legacy.length).toBeGreaterThanOrEqual(3);
    const markers = (file: string) => load(file)[0]!.history.events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch').length;
    for (const file of legacy) expect(markers(file)).toBe(0);
    expect(markers('directives_suspend_resume.json')).toBeGreaterThan(0);
  });

  test('a tampered history (a service task that changed its task type) fails replay', async () => {
    const [{ workflowId, history }] = load('sequence_service_tasks.json');
    const scheduled = history.events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'demo.echo');
    expect(scheduled).toBeDefined();
    scheduled!.activityTaskScheduledEventAttributes!.activityType!.name = 'demo.record';
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: bundlePath() } }, history, workflowId))
      .rejects.toMatchObject({ name: 'DeterminismViolationError' });
  });
});
