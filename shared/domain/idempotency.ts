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
