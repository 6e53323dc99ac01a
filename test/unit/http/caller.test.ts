import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { accessTokenClaims } from '#infra/local/lambda-events.ts';
import { AccountSetupError, ForbiddenError, UnauthorizedError } from '#shared/domain/errors.ts';
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
    expect(parseGroups('[]')).toEqual([]);
    expect(parseGroups(['commune'])).toEqual(['commune']);
    expect(parseGroups(undefined)).toEqual([]);
  });

  it('takes the unit from the token claims and ignores groups that are no role', async () => {
    const caller = await readCaller(
      eventWithClaims({
        ...accessTokenClaims(),
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
    });
    expect(Object.isFrozen(caller)).toBe(true);
  });

  it('refuses a request without verified claims', async () => {
    await expect(readCaller(eventWithClaims())).rejects.toThrow(UnauthorizedError);
    await expect(
      readCaller(eventWithClaims({ ...accessTokenClaims(), 'cognito:groups': '[delegation]' })),
    ).rejects.toThrow(UnauthorizedError);
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

  it('denies a commune account without a unit and an office account without an org', async () => {
    await expect(
      readCaller(
        eventWithClaims({ ...accessTokenClaims(), sub: 'c', 'cognito:groups': '[commune]' }),
      ),
    ).rejects.toThrow(AccountSetupError);
    await expect(
      readCaller(
        eventWithClaims({ ...accessTokenClaims(), sub: 'o', 'cognito:groups': '[city-office]' }),
      ),
    ).rejects.toThrow(AccountSetupError);
  });
});
