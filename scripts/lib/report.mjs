// One voice for the set-up scripts: short progress lines, and failures as one clear message.
export class SetupError extends Error {
  constructor(message, hint) {
    super(message);
    this.name = 'SetupError';
    this.hint = hint;
  }
}

export function step(message) {
  process.stdout.write(`[ggzy] ${message}\n`);
}

/** Runs main(); a SetupError (or any error) ends the process with one message and no stack trace. */
export function runMain(main) {
  main().catch((err) => {
    const message = err instanceof SetupError ? err.message : `unexpected failure: ${err && err.message ? err.message : err}`;
    process.stderr.write(`[ggzy] error: ${message}\n`);
    if (err && err.hint) process.stderr.write(`[ggzy] ${err.hint}\n`);
    if (process.env.GGZY_DEBUG && err && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  });
}
