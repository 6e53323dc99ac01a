import type { Digest } from '../../schemas/digests.ts';
import { type Caller, isReader } from '../caller.ts';

/**
 * Digests are read by their recipient, and by those who read everything (delegations and
 * city offices). A commune reads the digests addressed to its unit only.
 */
export function canReadDigest(caller: Caller, digest: Pick<Digest, 'recipient'>): boolean {
  if (isReader(caller)) return true;
  return digest.recipient.key === `unit:${caller.unitId}`;
}
