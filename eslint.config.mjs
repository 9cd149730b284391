import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Workflow code runs in Temporal's deterministic sandbox: it may import only these (plus its own files). */
export const WORKFLOW_ALLOWED_IMPORTS = ['@temporalio/workflow', '@temporalio/common', '@ggzy/process/runtime', 'xstate'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.tools/**', 'data/**', 'test/artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs', '*.js', '*.mjs', '**/vite.config.ts', '**/bin/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Nothing with IO may be imported under workflows/: only the sandbox SDK, types and pure packages. client.ts is
    // the package's one file for the outside (what the api and the worker's jobs send through a Temporal client; its
    // own export, never imported by the workflow bundle).
    files: ['workflows/src/**/*.ts'],
    ignores: ['workflows/src/**/*.test.ts', 'workflows/src/client.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: `^(?!(${WORKFLOW_ALLOWED_IMPORTS.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})$|\\.{1,2}/)`,
          allowTypeImports: true,
          message: 'workflow code runs in the deterministic sandbox: import only @temporalio/workflow, @temporalio/common, @ggzy/process/runtime, xstate, types, or files of this package',
        }],
      }],
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'use sleep() from @temporalio/workflow' },
        { name: 'setInterval', message: 'use sleep() from @temporalio/workflow' },
        { name: 'fetch', message: 'IO belongs in activities' },
        { name: 'process', message: 'workflow code must not read the environment' },
        { name: 'require', message: 'import statically' },
      ],
    },
  },
);
