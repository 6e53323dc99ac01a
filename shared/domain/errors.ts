/**
 * Typed errors of the product. Use cases and repositories throw them; exactly one
 * middleware (`problemErrors`, shared/http/middlewares.ts) maps them to HTTP problem details.
 * The errors of the HTTP transport itself (body, cursor) live in shared/http/errors.ts.
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

/**
 * A valid token whose account is set up wrong: no role group or two, or a unit, office or
 * leader that is missing or not the city's. Only an administrator can fix it.
 */
export class AccountSetupError extends ProductError {
  readonly code = 'account-setup';
  readonly status = 403;
  readonly title = 'The account is not set up for this API';
}

export class AlreadyExistsError extends ProductError {
  readonly code = 'already-exists';
  readonly status = 409;
  readonly title = 'The item exists already';
}

export class InvalidTransitionError extends ProductError {
  readonly code = 'invalid-transition';
  readonly status = 409;
  readonly title = 'Not possible in the current status';
}

export class PreconditionFailedError extends ProductError {
  readonly code = 'stale-version';
  readonly status = 412;
  readonly title = 'The item changed since you read it';
}

export class PreconditionRequiredError extends ProductError {
  readonly code = 'if-match-required';
  readonly status = 428;
  readonly title = 'If-Match is required';
}

export class IdempotencyKeyReuseError extends ProductError {
  readonly code = 'idempotency-key-reused';
  readonly status = 422;
  readonly title = 'Idempotency-Key already used with another request';
}

/**
 * Other writes kept colliding with this one on the same items past our bounded retries:
 * nothing was written, and the same request will very likely pass a moment later.
 */
export class BusyError extends ProductError {
  readonly code = 'busy';
  readonly status = 503;
  readonly title = 'The item is being changed by others';
}

/**
 * The database refused work for a moment, past every retry (throttling): nothing was
 * done, and the same request will very likely pass a moment later.
 */
export class ServiceBusyError extends ProductError {
  readonly code = 'throttled';
  readonly status = 503;
  readonly title = 'The service is busy';
}

/** A bound on what one item may hold was reached: refused, nothing written. */
export class LimitReachedError extends ProductError {
  readonly code = 'limit-reached';
  readonly status = 409;
  readonly title = 'A limit of this item was reached';
}

/** Another write touched the item at the same moment; the use case may retry once. */
export class WriteConflictError extends Error {
  override readonly name = 'WriteConflictError';
}
