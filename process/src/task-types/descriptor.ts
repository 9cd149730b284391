// What the designer and the compiler know of one task type. In a file of its own so the capability files under
// task-types/ and the catalog that gathers them both depend on it, and not on each other.

export interface TaskTypeDescriptor {
  name: string;
  title: { zh: string; en: string };
  description: { zh: string; en: string };
  /** Input names the activity reads (from ggzy:inputs), for the designer's properties panel. */
  inputs: string[];
  /**
   * Default Temporal options; a task may override its timeout and retries. Database and transport failures are
   * retried without a limit (capped back-off) unless the task sets ggzy:retryMaxAttempts; business errors never are.
   */
  defaults: {
    startToCloseTimeout: string;
    /**
     * For a step that reports it is alive while it works (a long one): a worker that dies under it is noticed after
     * this long, and the step runs again elsewhere, instead of after the whole start-to-close timeout.
     */
    heartbeatTimeout?: string;
  };
}
