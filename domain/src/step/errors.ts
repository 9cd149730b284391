// Business errors: a stable code and a zh-CN/en message. A step raises one before anything is written (its
// transaction rolls back); the worker turns it into a non-retryable failure that reaches a BPMN error boundary by its
// code, and the api into its error envelope.
export class BusinessError extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${en}`);
    this.name = 'BusinessError';
  }
}

export const notFound = (what: { zh: string; en: string }, key: string, code = 'NOT_FOUND') =>
  new BusinessError(code, `${what.zh}不存在：${key}`, `${what.en} not found: ${key}`, { key });
