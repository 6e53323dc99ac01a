import type { Digest } from '../../schemas/digests.ts';
import type { Caller } from '../caller.ts';

/**
 * Digests are read by their recipient, and by those who read everything (delegations and
 * city offices). A commune reads the digests addressed to its unit only.
 */
export function canReadDigest(caller: Caller, digest: Pick<Digest, 'recipient'>): boolean {
  if (caller.roles.includes('delegation') || caller.roles.includes('city-office')) return true;
  return digest.recipient.key === `unit:${caller.unitId}`;
}
