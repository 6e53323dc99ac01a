/**
 * The caller, parsed once and strictly from the claims the JWT authorizer verified. Unit,
 * office and leaders reach the use cases only through here, so nothing a token says can
 * become a key, a filter or an "any" unless it is the slug of a record the city has.
 *
 * 401: the claims are not those of a valid access token for this API (no subject, no
 * expiry or expired, an ID token, a claim that is no slug or not in the form the authorizer
 * writes). 403: a valid token of an account set up wrong (no role group or two, the role's
 * own unit, office or leader missing, another role's claim present, a unit, office or
 * leader the city does not have).
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { type Caller, type Role, roles } from '../domain/caller.ts';
import { AccountSetupError, ForbiddenError, UnauthorizedError } from '../domain/errors.ts';
import { isSlug } from '../domain/slug.ts';
import type { CallerDirectory, DirectoryKind } from './caller-directory.ts';

export type { Caller };

type ClaimValue = string | number | boolean | string[];
type Claims = Record<string, ClaimValue | undefined>;

/** A delegation acts for one leader, or a few when leaders share one delegation. */
export const maxLeadersPerAccount = 8;

/** Cognito subjects are UUIDs; printable ASCII without spaces keeps keys and logs sane. */
const subjectPattern = /^[\x21-\x7e]{1,128}$/;

/** API Gateway writes an array claim as `[a b c]`: names never hold spaces or brackets. */
const gatewayArray = /^\[([^\s[\]]+(?: [^\s[\]]+)*)?\]$/;

function malformed(detail: string): never {
  throw new UnauthorizedError(detail);
}

/**
 * The groups of `cognito:groups`, exactly as named: API Gateway's `[a b]` (split on its
 * single spaces, never on commas), or a JSON array from a direct invocation. Anything
 * else is not a claim the authorizer writes.
 */
export function parseGroups(value: ClaimValue | undefined): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) {
    if (!value.every((group) => typeof group === 'string' && group.length > 0)) {
      malformed('The token lists its groups in a form the API does not read.');
    }
    return value;
  }
  const found = typeof value === 'string' ? gatewayArray.exec(value) : null;
  if (!found) malformed('The token lists its groups in a form the API does not read.');
  return found[1] ? found[1].split(' ') : [];
}

function text(claims: Claims, name: string): string | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') malformed(`The token's "${name}" claim is not text.`);
  return value;
}

/** `exp` as seconds since the epoch: API Gateway passes it as text, a test as a number. */
function expiry(claims: Claims): number {
  const value = claims.exp;
  const seconds =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,12}$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isInteger(seconds)) malformed('The token has no expiry.');
  return seconds;
}

function slugClaim(claims: Claims, name: string): string | undefined {
  const value = text(claims, name);
  if (value === undefined) return undefined;
  if (!isSlug(value)) malformed(`The token's "${name}" claim is not an id.`);
  return value;
}

/** `custom:leaderId`: one leader's id, or several joined by commas (`a,b`), no spaces. */
function leaderClaim(claims: Claims): string[] | undefined {
  const value = text(claims, 'custom:leaderId');
  if (value === undefined) return undefined;
  const ids = value.split(',');
  if (!ids.every(isSlug) || new Set(ids).size !== ids.length || ids.length > maxLeadersPerAccount) {
    malformed(
      `The token's "custom:leaderId" claim is not up to ${maxLeadersPerAccount} distinct leader ids joined by commas.`,
    );
  }
  return ids;
}

/** The one role group of the account; groups that are no role (an admin's own) are ignored. */
function roleOf(claims: Claims): Role {
  const known = new Set<string>(roles);
  const held = [...new Set(parseGroups(claims['cognito:groups']))].filter((group): group is Role =>
    known.has(group),
  );
  if (held.length === 0) {
    throw new AccountSetupError(`The account is in no role group (${roles.join(', ')}).`);
  }
  if (held.length > 1) {
    throw new AccountSetupError(
      `The account is in ${held.length} role groups (${held.join(', ')}); an account has exactly one role.`,
    );
  }
  return held[0] as Role;
}

/** What each role must name, and may not: a commune its unit, an office its org, a delegation its leaders. */
const roleClaim: Record<Role, { claim: string; noun: string }> = {
  commune: { claim: 'custom:unitId', noun: 'its unit' },
  'city-office': { claim: 'custom:orgId', noun: 'its office' },
  delegation: { claim: 'custom:leaderId', noun: 'the leader it acts for' },
};

/**
 * The caller the claims describe, checked for form and role but not yet against the
 * directory. `nowMs` is the instant the request is served.
 */
export function parseCaller(claims: Claims | undefined, nowMs: number): Caller {
  if (!claims || typeof claims !== 'object') malformed('A valid bearer token is required.');
  if (claims.token_use !== 'access') {
    malformed('The API takes access tokens; an ID token is for the app, not the API.');
  }
  if (expiry(claims) * 1000 <= nowMs) malformed('The token has expired.');
  const sub = text(claims, 'sub');
  if (!sub || !subjectPattern.test(sub)) malformed('The token names no valid subject.');
  const name = text(claims, 'name')?.trim();

  const unitId = slugClaim(claims, 'custom:unitId');
  const orgId = slugClaim(claims, 'custom:orgId');
  const leaderIds = leaderClaim(claims);
  const role = roleOf(claims);
  const present = {
    commune: unitId !== undefined,
    'city-office': orgId !== undefined,
    delegation: leaderIds !== undefined,
  };
  if (!present[role]) {
    throw new AccountSetupError(
      `A ${role} account must name ${roleClaim[role].noun} (${roleClaim[role].claim}).`,
    );
  }
  const foreign = roles.filter((other) => other !== role && present[other]);
  if (foreign.length > 0) {
    throw new AccountSetupError(
      `A ${role} account names only ${roleClaim[role].noun}; this one also has ${foreign
        .map((other) => roleClaim[other].claim)
        .join(', ')}.`,
    );
  }
  return Object.freeze({
    sub,
    name: name || sub,
    role,
    ...(unitId ? { unitId } : {}),
    ...(orgId ? { orgId } : {}),
    leaderIds: Object.freeze([...(leaderIds ?? [])]),
  });
}

const nouns: Record<DirectoryKind, string> = { unit: 'unit', org: 'office', leader: 'leader' };

/** Every unit, office and leader the caller names is one the city has. */
export async function checkAgainstDirectory(
  caller: Caller,
  directory: CallerDirectory,
): Promise<void> {
  const named: [DirectoryKind, string][] = [
    ...(caller.unitId ? [['unit', caller.unitId] as [DirectoryKind, string]] : []),
    ...(caller.orgId ? [['org', caller.orgId] as [DirectoryKind, string]] : []),
    ...caller.leaderIds.map((id) => ['leader', id] as [DirectoryKind, string]),
  ];
  for (const [kind, id] of named) {
    if (!(await directory.has(kind, id))) {
      throw new AccountSetupError(
        `The account names the ${nouns[kind]} "${id}", which the city does not have.`,
      );
    }
  }
}

export interface ReadCallerOptions {
  /** Absent only for functions that read no data (health, the OpenAPI document). */
  directory?: CallerDirectory;
  nowMs?: number;
}

export async function readCaller(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  options: ReadCallerOptions = {},
): Promise<Caller> {
  const claims = event.requestContext?.authorizer?.jwt?.claims as Claims | undefined;
  const caller = parseCaller(claims, options.nowMs ?? Date.now());
  if (options.directory) await checkAgainstDirectory(caller, options.directory);
  return caller;
}

/** Deny by default: the caller's role must be one of the route's. */
export function authorize(caller: Caller, allowed: readonly Role[]): void {
  if (!allowed.includes(caller.role)) {
    throw new ForbiddenError('Your role may not use this operation.');
  }
}
