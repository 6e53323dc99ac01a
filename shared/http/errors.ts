/**
 * Errors of the HTTP transport, not of the domain: a body too large, not JSON or not
 * parseable, a cursor that is not this list's. They answer as problem+json like every
 * product error.
 */
import { ProductError } from '../domain/errors.ts';

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

export class InvalidCursorError extends ProductError {
  readonly code = 'invalid-cursor';
  readonly status = 400;
  readonly title = 'The cursor is not valid for this list';
}
