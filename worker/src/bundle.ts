// The workflow code, bundled once at build time (the worker and the tests load the file instead of bundling at start).
import path from 'node:path';
import { writeFile, mkdir } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { failureConverterSource } from './data-converter';

/** The workflow entry point in source form; the bundler compiles it and the pure packages it imports. */
export function workflowsEntry(): string {
  return path.join(path.dirname(require.resolve('@ggzy/workflows/package.json')), 'src', 'workflows.ts');
}

export function defaultBundlePath(): string {
  return path.join(path.dirname(require.resolve('@ggzy/workflows/package.json')), 'dist', 'workflow-bundle.js');
}

/** Bundles the workflow code once; the worker (and tests) load the file instead of bundling at start. */
export async function buildWorkflowBundle(outFile: string = defaultBundlePath()): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: workflowsEntry(),
    // failures raised by workflow code carry their message and stack in a sealed payload, as the worker's do
    failureConverterPath: failureConverterSource(),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
    webpackConfigHook: (config) => {
      config.resolve = { ...config.resolve, conditionNames: ['ggzy-source', 'import', 'require', 'default'] };
      return config;
    },
  });
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, code);
  return outFile;
}
