import type { Role } from '#functions/manifest.ts';

/** Who is calling, as the JWT authorizer verified it. Unit and org come only from here. */
export interface Caller {
  sub: string;
  name: string;
  roles: Role[];
  unitId?: string;
  orgId?: string;
}

/** The first of the caller's roles that the rule allows, or none. */
export function actingRole(caller: Caller, allowed: readonly Role[]): Role | undefined {
  return caller.roles.find((role) => allowed.includes(role));
}

/** A commune sees its own unit only; delegations and city offices see every unit. */
export function canSeeUnit(caller: Caller, unitId: string): boolean {
  if (caller.roles.includes('delegation') || caller.roles.includes('city-office')) return true;
  return caller.unitId === unitId;
}
