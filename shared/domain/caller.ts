/** The three role groups of the user pool; an account belongs to exactly one. */
export const roles = ['delegation', 'city-office', 'commune'] as const;
export type Role = (typeof roles)[number];

/**
 * Who is calling, parsed once from the verified token (shared/http/caller.ts). Unit, org
 * and leaders come only from here: a commune always has its `unitId`, a city office its
 * `orgId`, a delegation the leaders it acts for.
 */
export interface Caller {
  sub: string;
  name: string;
  role: Role;
  unitId?: string;
  orgId?: string;
  /** The leaders a delegation account acts for; empty for other roles. */
  leaderIds: readonly string[];
}

/** The caller's role, if the rule allows it. */
export function actingRole(caller: Caller, allowed: readonly Role[]): Role | undefined {
  return allowed.includes(caller.role) ? caller.role : undefined;
}

/** Delegations and city offices read every unit's business; a commune reads its own. */
export function isReader(caller: Caller): boolean {
  return caller.role === 'delegation' || caller.role === 'city-office';
}

/** A commune sees its own unit only; delegations and city offices see every unit. */
export function canSeeUnit(caller: Caller, unitId: string): boolean {
  return isReader(caller) || caller.unitId === unitId;
}
