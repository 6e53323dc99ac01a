import { PreconditionFailedError, PreconditionRequiredError } from './errors.ts';
import type { OwnedClaim, Replayable } from './idempotency.ts';
import type { Page, PageRequest } from './paging.ts';

/**
 * What the store keeps of a versioned item with a history (an obstacle, a task), named `K`
 * in a create's answer, listed by filters `F`.
 */
export interface VersionedStore<K extends string, T, E, F> {
  /** Writes the item, its first event and its listings at once; replays a used idempotency key. */
  create(item: T, event: E, claim: OwnedClaim | undefined): Promise<Replayable<K, T>>;
  findReplay(claim: OwnedClaim): Promise<T | undefined>;
  get(id: string): Promise<T | undefined>;
  getMany(ids: string[]): Promise<T[]>;
  history(id: string): Promise<E[]>;
  list(filter: F, page: PageRequest): Promise<Page<T>>;
}

/** Strong ETags only: `"3"`. A weak tag never satisfies If-Match (RFC 9110 §13.1.1). */
export function etagOf(item: { version: number }): string {
  return `"${item.version}"`;
}

/** 428 without If-Match. */
export function requireIfMatch(ifMatch: string | undefined, what: string): string {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new PreconditionRequiredError(
      `Send If-Match with the ETag of the ${what} as you last read it.`,
    );
  }
  return ifMatch;
}

/** 412 unless one of the offered ETags is the item's current one. */
export function requireCurrentVersion(ifMatch: string, item: { version: number }, what: string) {
  const offered = ifMatch.split(',').map((tag) => tag.trim());
  if (!offered.includes(etagOf(item))) {
    throw new PreconditionFailedError(
      `The ${what} is at version ${item.version}; read it again before changing it.`,
    );
  }
}
