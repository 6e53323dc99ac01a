/** A create's Idempotency-Key, and the digest of the request that came with it. */
export interface IdempotencyClaim {
  /** Caller-chosen key, scoped to the caller. */
  key: string;
  /** Digest of the request; the same key with another digest is refused. */
  fingerprint: string;
}

/** A claim bound to the caller who made it: keys are scoped per caller. */
export type OwnedClaim = IdempotencyClaim & { owner: string };
