import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { type Caller, type Role, roles } from '../domain/caller.ts';
import { ForbiddenError, UnauthorizedError } from '../domain/errors.ts';

export type { Caller };

type Claims = Record<string, string | number | boolean | string[]>;

/**
 * API Gateway hands array claims to the function as one string, `[delegation commune]`;
 * a direct invocation may pass a real array. Both mean the same groups.
 */
export function parseGroups(value: Claims[string] | undefined): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

function claimText(claims: Claims, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function readCaller(event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller {
  const claims = event.requestContext?.authorizer?.jwt?.claims as Claims | undefined;
  const sub = claims && claimText(claims, 'sub');
  if (!claims || !sub) throw new UnauthorizedError('A valid bearer token is required.');
  const known = new Set<string>(roles);
  const callerRoles = parseGroups(claims['cognito:groups']).filter((group): group is Role =>
    known.has(group),
  );
  const role = callerRoles[0];
  if (!role) throw new ForbiddenError('Your role may not use this operation.');
  return {
    sub,
    name: claimText(claims, 'name') ?? sub,
    role,
    unitId: claimText(claims, 'custom:unitId'),
    orgId: claimText(claims, 'custom:orgId'),
    leaderIds: [],
  };
}

/** Deny by default: the caller needs one of the route's roles, with the claim that role needs. */
export function authorize(caller: Caller, allowed: readonly Role[]): void {
  if (!allowed.includes(caller.role)) {
    throw new ForbiddenError('Your role may not use this operation.');
  }
  if (caller.role === 'commune' && !caller.unitId) {
    throw new ForbiddenError('A commune account must name its unit.');
  }
  if (caller.role === 'city-office' && !caller.orgId) {
    throw new ForbiddenError('A city-office account must name its office.');
  }
}
