#!/usr/bin/env node
import { ensureDependencies } from './lib/deps.mjs';
import { buildAll } from './lib/build.mjs';
import { runMain, step } from './lib/report.mjs';

runMain(async () => {
  await ensureDependencies();
  await buildAll();
  step('build complete');
});
