// The dev server registers the search attributes the start script lists; the workflows use theirs. They must agree.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { SEARCH_ATTRIBUTE_NAMES, CityKey, DealCodeKey, ProcessKeyKey, StatusKey } from '@ggzy/workflows';

test('the start script registers exactly the search attributes the workflows set, as keywords', () => {
  const repoRoot = path.resolve(__dirname, '..', '..');
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', "const m = await import('./scripts/lib/temporal.mjs'); console.log(JSON.stringify(m.SEARCH_ATTRIBUTES));"], { cwd: repoRoot, encoding: 'utf8' });
  const registered = JSON.parse(run.stdout) as Record<string, string>;
  expect(Object.keys(registered).sort()).toEqual([...SEARCH_ATTRIBUTE_NAMES].sort());
  for (const key of [CityKey, DealCodeKey, ProcessKeyKey, StatusKey]) expect({ [key.name]: registered[key.name] }).toEqual({ [key.name]: 'Keyword' });
});
