import type { Caller } from './caller.ts';

/** A create's Idempotency-Key, and the digest of the request that came with it. */
export interface IdempotencyClaim {
  /** Caller-chosen key, scoped to the caller. */
  key: string;
  /** Digest of the request; the same key with another digest is refused. */
  fingerprint: string;
  /**
   * What the request was sent to: method, route and path parameters. A key is scoped to
   * (caller, target): the same key on comments of two tasks is two requests, not a replay.
   */
  target: string;
}

/** A claim bound to the caller who made it: keys are scoped per caller. */
export type OwnedClaim = IdempotencyClaim & { owner: string };

/** The claim of a create, bound to its caller; none without an Idempotency-Key. */
export function claimOf(
  caller: Pick<Caller, 'sub'>,
  claim: IdempotencyClaim | undefined,
): OwnedClaim | undefined {
  return claim ? { ...claim, owner: caller.sub } : undefined;
}

/** What a create answers: the item under its name, and whether it is an earlier result. */
export type Replayable<K extends string, T> = { [P in K]: T } & { replayed: boolean };

/**
 * A create under an Idempotency-Key: when the caller used the key already, the first
 * result, with nothing checked or written again; otherwise `create`'s. `find` names the
 * item and how the store finds it: `{ task: (claim) => tasks.findReplay(claim) }`.
 */
export async function replayOr<K extends string, T>(
  claim: OwnedClaim | undefined,
  find: { [P in K]: (claim: OwnedClaim) => Promise<T | undefined> },
  create: () => Promise<Replayable<NoInfer<K>, NoInfer<T>>>,
): Promise<Replayable<K, T>> {
  const [name, findReplay] = Object.entries(find)[0] as [K, (claim: OwnedClaim) => Promise<T>];
  const replay = claim ? await findReplay(claim) : undefined;
  if (replay) return { [name]: replay, replayed: true } as Replayable<K, T>;
  return create();
}
