/**
 * Typed errors of the product. Use cases and repositories throw them; exactly one
 * middleware (shared/http/problem-errors.ts) maps them to HTTP problem details.
 */

export interface FieldIssue {
  /** Dotted path of the failing field, e.g. `body.title` or `path.unitId`. */
  field: string;
  message: string;
}

export abstract class ProductError extends Error {
  /** Stable slug; becomes the problem `type`. */
  abstract readonly code: string;
  abstract readonly status: number;
  /** Title shared by every occurrence of this kind of problem. */
  abstract readonly title: string;
}

export class NotFoundError extends ProductError {
  readonly code = 'not-found';
  readonly status = 404;
  readonly title = 'Not found';
}

export class ValidationError extends ProductError {
  readonly code = 'validation';
  readonly status = 400;
  readonly title = 'The request is not valid';
  constructor(
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(message);
  }
}

export class UnauthorizedError extends ProductError {
  readonly code = 'unauthorized';
  readonly status = 401;
  readonly title = 'Authentication required';
}

export class ForbiddenError extends ProductError {
  readonly code = 'forbidden';
  readonly status = 403;
  readonly title = 'Not allowed for your role';
}

export class PayloadTooLargeError extends ProductError {
  readonly code = 'payload-too-large';
  readonly status = 413;
  readonly title = 'The request body is too large';
}

export class UnsupportedMediaTypeError extends ProductError {
  readonly code = 'unsupported-media-type';
  readonly status = 415;
  readonly title = 'The request body must be JSON';
}

export class MalformedJsonError extends ProductError {
  readonly code = 'malformed-json';
  readonly status = 400;
  readonly title = 'The request body is not valid JSON';
}

export class AlreadyExistsError extends ProductError {
  readonly code = 'already-exists';
  readonly status = 409;
  readonly title = 'The item exists already';
}
