/**
 * Domain failures. Only the handlers map them to status codes, so the domain never
 * speaks HTTP and no SDK error reaches a client.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_ERROR';
}

export class InvalidJsonError extends DomainError {
  readonly code = 'INVALID_JSON';
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
}

export class UnauthorizedError extends DomainError {
  readonly code = 'UNAUTHORIZED';
}

/** A webhook URL the URL policy refuses (scheme, host or resolved address). */
export class ForbiddenUrlError extends DomainError {
  readonly code = 'FORBIDDEN_URL';
}

/** The request conflicts with what exists, e.g. a webhook URL that already has a subscription. */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}

/** The request was valid but a dependency could not take it now; the client may retry. */
export class UnavailableError extends DomainError {
  readonly code = 'UNAVAILABLE';
}
