#!/usr/bin/env node
// `npm run demo:tender -- --until sealed|opened`: one construction tender in the training sandbox (演练区), driven
// through the HTTP api of the platform at PORT as its people do it (see scripts/lib/demo-tender.mjs). The last line
// printed is {"dealCode","workflowId","bids","bidPricesFen":[…]}.
import { parseArgs } from 'node:util';
import { dataDir } from './lib/paths.mjs';
import { SetupError, runMain, step } from './lib/report.mjs';
import { DemoError, driveTender } from './lib/demo-tender.mjs';

runMain(async () => {
  let values;
  try {
    ({ values } = parseArgs({ options: { until: { type: 'string', default: 'sealed' }, title: { type: 'string' } }, allowPositionals: false }));
  } catch (err) {
    throw new SetupError(err.message, 'usage: npm run demo:tender -- --until sealed|opened [--title 项目名称]');
  }
  const port = Number(process.env.PORT || 3000);
  const host = !process.env.HOST || process.env.HOST === '0.0.0.0' ? '127.0.0.1' : process.env.HOST;
  try {
    const result = await driveTender({
      baseUrl: `http://${host}:${port}`, dataDir: dataDir(), password: process.env.GGZY_DEMO_PASSWORD, until: values.until, title: values.title,
      log: (line) => step(line),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (err) {
    if (err instanceof DemoError) throw new SetupError(err.message);
    throw err;
  }
});
