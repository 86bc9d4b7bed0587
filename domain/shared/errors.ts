// Typed domain errors. Each carries a stable code (the API's error table maps it to a GraphQL
// error code) and a message in Chinese, because it is shown to the user as it is.

export interface FieldError {
  /** Dotted path of the input field, e.g. `details.hours`. */
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
}

/** The input is malformed: wrong type, missing, out of range, failed check digit. */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly fields: FieldError[], message = '输入有误，请检查标注的字段') {
    super(message);
    this.name = 'ValidationError';
  }
}

/** The input is well-formed but the record's current state does not allow the command. */
export class RuleViolationError extends DomainError {
  readonly code = 'RULE_VIOLATION';
  constructor(message: string, readonly rule?: string) {
    super(message);
    this.name = 'RuleViolationError';
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(message = '记录不存在') {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The actor may not do this to this record (wrong organisation or review level). */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(message = '无权执行此操作') {
    super(message);
    this.name = 'ForbiddenError';
  }
}
