import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthorizedError } from '#shared/domain/errors.ts';
import { authorize, parseGroups, readCaller } from '#shared/http/caller.ts';

function eventWithClaims(claims?: Record<string, string>) {
  return {
    requestContext: { authorizer: claims ? { jwt: { claims, scopes: [] } } : undefined },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

describe('caller from the JWT authorizer claims', () => {
  it('reads groups in API Gateway form "[a b]" and as an array', () => {
    expect(parseGroups('[delegation commune]')).toEqual(['delegation', 'commune']);
    expect(parseGroups('[city-office]')).toEqual(['city-office']);
    expect(parseGroups(['commune'])).toEqual(['commune']);
    expect(parseGroups(undefined)).toEqual([]);
  });

  it('takes the unit from the token claims and ignores unknown groups', () => {
    const caller = readCaller(
      eventWithClaims({
        sub: 'u-1',
        'cognito:groups': '[commune admins]',
        'custom:unitId': 'nguyen-giap',
        name: 'UBND xã Nguyên Giáp',
      }),
    );
    expect(caller).toEqual({
      sub: 'u-1',
      name: 'UBND xã Nguyên Giáp',
      role: 'commune',
      leaderIds: [],
      unitId: 'nguyen-giap',
      orgId: undefined,
    });
  });

  it('refuses a request without verified claims', () => {
    expect(() => readCaller(eventWithClaims())).toThrow(UnauthorizedError);
    expect(() => readCaller(eventWithClaims({ 'cognito:groups': '[delegation]' }))).toThrow(
      UnauthorizedError,
    );
  });

  it('denies a role the route does not list', () => {
    const commune = {
      sub: 'c',
      name: 'c',
      role: 'commune' as const,
      leaderIds: [],
      unitId: 'an-phu',
    };
    expect(() => authorize(commune, ['delegation', 'city-office'])).toThrow(ForbiddenError);
    expect(() => authorize(commune, ['commune'])).not.toThrow();
  });

  it('denies a commune account without a unit and an office account without an org', () => {
    expect(() =>
      authorize({ sub: 'c', name: 'c', role: 'commune', leaderIds: [] }, ['commune']),
    ).toThrow(ForbiddenError);
    expect(() =>
      authorize({ sub: 'o', name: 'o', role: 'city-office', leaderIds: [] }, [
        'city-office',
        'commune',
      ]),
    ).toThrow(ForbiddenError);
  });
});
