// The engine's data converter for everything the worker side creates (the worker, its activities' client, the
// workflow bundle, and the tests and benchmarks that assemble them): payloads sealed by the key ring, failure messages
// and stack traces moved into sealed payloads. The api builds the same converter for its client.
import path from 'node:path';
import type { DataConverter } from '@temporalio/worker';
import { PayloadCipher, type PayloadKeyRing } from '@ggzy/db';

/** The failure converter module as the worker's main thread loads it (the built package, or its source under test). */
export function failureConverterModule(): string {
  return require.resolve('@ggzy/workflows/failure-converter');
}

/** The same module in source form, for the bundler (which compiles the workflow code from source too). */
export function failureConverterSource(): string {
  return path.join(path.dirname(require.resolve('@ggzy/workflows/package.json')), 'src', 'failure-converter.ts');
}

export function engineDataConverter(keys: PayloadKeyRing): DataConverter {
  return { payloadCodecs: [new PayloadCipher(keys)], failureConverterPath: failureConverterModule() };
}
