/**
 * What several functions do alike around their use case: read the If-Match or the
 * Idempotency-Key, answer a create's 201 or a versioned item with its ETag.
 */
import { etagOf } from '#shared/domain/versioning.ts';
import { idempotencyClaim } from '#shared/http/idempotency.ts';
import type { HttpEvent } from '#shared/http/middlewares.ts';

/** The If-Match the client sent, for a use case that changes a versioned item. */
export const ifMatch = (event: HttpEvent) => event.headers?.['if-match'];

/** A create's dependencies with the Idempotency-Key the request carries, if any. */
export const withClaim = <D>(deps: D, event: HttpEvent, body: unknown) => ({
  ...deps,
  idempotency: idempotencyClaim(event, body),
});

/**
 * 201 with what was created; `Idempotent-Replayed` when it is the first answer to the same
 * Idempotency-Key, the ETag of a versioned item and its `Location` when it has its own path.
 */
export function created<T>(
  body: T,
  replayed: boolean,
  where: { location?: string; version?: number } = {},
) {
  return {
    status: 201,
    headers: {
      ...(where.version === undefined ? {} : { ETag: etagOf({ version: where.version }) }),
      ...(where.location ? { Location: where.location } : {}),
      ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}),
    },
    body,
  };
}

/** A versioned item as it is now, with its ETag. */
export function versioned<T>(item: { version: number }, body: T, status = 200) {
  return { status, headers: { ETag: etagOf(item) }, body };
}
