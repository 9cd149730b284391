// `node worker/dist/build-bundle.js [out]`: the build step that writes the workflow bundle.
import { buildWorkflowBundle } from './bundle';

buildWorkflowBundle(process.argv[2]).then(
  (file) => process.stdout.write(`workflow bundle written to ${file}\n`),
  (err: Error) => {
    process.stderr.write(`workflow bundle failed: ${err.message}\n`);
    process.exit(1);
  },
);
