/** The accounts that act in the reference case, as the use cases see their callers. */
import type { Caller, Role } from '#shared/domain/caller.ts';

/** A delegation account acts for the leader it follows: `seed-doan-kiem-tra-<leader>`. */
export const delegation = (sub: string, name: string): Caller => ({
  sub,
  name,
  role: 'delegation',
  leaderIds: [sub.replace('seed-doan-kiem-tra-', '')],
});

/** An office's or a commune's account, named `seed-<its org or unit>`. */
const account = (id: string, name: string, role: Role) => ({
  sub: `seed-${id}`,
  name,
  role,
  leaderIds: [],
});

export const office = (orgId: string, name: string): Caller => ({
  ...account(orgId, name, 'city-office'),
  orgId,
});

export const commune = (unitId: string, name: string): Caller => ({
  ...account(unitId, name, 'commune'),
  unitId,
});
