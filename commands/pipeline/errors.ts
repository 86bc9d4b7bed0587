/** Optimistic concurrency lost more times than the handler retries: the client may try again. */
export class ConcurrencyConflictError extends Error {
  readonly code = 'CONFLICT';
  constructor(readonly streamId: string) {
    super('记录已被他人同时修改，请刷新后重试');
    this.name = 'ConcurrencyConflictError';
  }
}
