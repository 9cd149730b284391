// What the designer and the compiler know of one task type. In a file of its own so the capability files under
// task-types/ and the catalog that gathers them both depend on it, and not on each other.

export interface TaskTypeDescriptor {
  name: string;
  title: { zh: string; en: string };
  description: { zh: string; en: string };
  /** Input names the activity reads (from ggzy:inputs), for the designer's properties panel. */
  inputs: string[];
  /** Default Temporal options; a task may override retries and timeout. */
  defaults: { startToCloseTimeout: string; maximumAttempts: number };
}
