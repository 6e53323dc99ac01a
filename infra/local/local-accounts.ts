/**
 * The accounts the app's local sign-in offers (`GET /local/accounts`, `POST /local/sign-in`):
 * the four demo accounts of `npm start` first, then one per seeded leader (a delegation
 * acting for that leader), per seeded office and per seeded unit, each role's sorted as a
 * Vietnamese reader expects. Only the local server has them; a Lambda never imports this.
 */
import { roles } from '#shared/domain/caller.ts';
import { sortByVietnamese } from '#shared/domain/text.ts';
import type { Unit } from '#shared/schemas/units.ts';
import { type LocalKeys, mintToken } from './auth.ts';
import { type DemoAccount, demoAccounts } from './demo-tokens.ts';
import { leaders, orgs, units } from './seed/reference-case.ts';

/** An account as `/local/accounts` lists it. */
export interface LocalAccount {
  id: string;
  label: string;
  role: DemoAccount['role'];
  name: string;
  unitId?: string;
  orgId?: string;
  leaderIds?: string[];
}

const kindNames: Record<Unit['kind'], string> = {
  xa: 'xã',
  phuong: 'phường',
  'dac-khu': 'đặc khu',
};
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function seededAccounts(): DemoAccount[] {
  const delegations = leaders.map(
    (leader): DemoAccount => ({
      id: `delegation-${leader.id}`,
      label: `Đoàn kiểm tra — ${leader.name}`,
      role: 'delegation',
      leaderIds: [leader.id],
      sub: `demo-delegation-${leader.id}`,
      name: `Đoàn kiểm tra — ${leader.name}`,
    }),
  );
  const offices = orgs.map(
    (org): DemoAccount => ({
      id: `city-office-${org.id}`,
      label: org.name,
      role: 'city-office',
      orgId: org.id,
      sub: `demo-${org.id}`,
      name: org.name,
    }),
  );
  const communes = units.map((unit): DemoAccount => {
    const kind = kindNames[unit.kind];
    return {
      id: `commune-${unit.id}`,
      label: `${capitalized(kind)} ${unit.name} (UBND ${kind})`,
      role: 'commune',
      unitId: unit.id,
      sub: `demo-${unit.id}`,
      name: `UBND ${kind} ${unit.name}`,
    };
  });
  return [...delegations, ...offices, ...communes];
}

let all: DemoAccount[] | undefined;

/** Every local account with what its token carries, the demo accounts first. */
function accounts(): DemoAccount[] {
  if (all) return all;
  const demoIds = new Set(demoAccounts.map((a) => a.id));
  const rest = seededAccounts().filter((a) => !demoIds.has(a.id));
  all = [
    ...demoAccounts,
    ...roles.flatMap((role) =>
      sortByVietnamese(
        rest.filter((a) => a.role === role),
        (a) => a.label,
      ),
    ),
  ];
  return all;
}

/** What `GET /local/accounts` lists: no subject, nothing a token does not also say. */
export function listLocalAccounts(): LocalAccount[] {
  return accounts().map(({ id, label, role, name, unitId, orgId, leaderIds }) => ({
    id,
    label,
    role,
    name,
    ...(unitId ? { unitId } : {}),
    ...(orgId ? { orgId } : {}),
    ...(leaderIds?.length ? { leaderIds: [...leaderIds] } : {}),
  }));
}

/** Cognito's access tokens last an hour; the app's local adapter mints a new one near the end. */
export const localSignInSeconds = 3600;

/** A token for the account, or undefined when there is no account of that id. */
export async function signInLocally(
  keys: LocalKeys,
  id: string,
): Promise<{ accessToken: string; expiresIn: number } | undefined> {
  const account = accounts().find((a) => a.id === id);
  if (!account) return undefined;
  const { id: _id, label: _label, ...request } = account;
  return {
    accessToken: await mintToken(keys, { ...request, ttlSeconds: localSignInSeconds }),
    expiresIn: localSignInSeconds,
  };
}
