/**
 * The strict parse of the caller (issue 12: M1, M4, M6, L2, L7), on events built in code:
 * what the claims must look like, what is a bad token (401) and what a badly set up
 * account (403), the directory the ids are checked against, and the key builders that
 * cannot turn a claim into "every unit".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { SignJWT } from 'jose';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as getUnit } from '#functions/units/get.ts';
import {
  loadOrCreateKeys,
  localClientId,
  localIssuer,
  TokenRejectedError,
  verifyToken,
} from '#infra/local/auth.ts';
import { accessTokenClaims, httpEvent, lambdaContext } from '#infra/local/lambda-events.ts';
import { AccountSetupError, UnauthorizedError } from '#shared/domain/errors.ts';
import { parseCaller, readCaller } from '#shared/http/caller.ts';
import {
  type CallerDirectory,
  cachedCallerDirectory,
  type KnownIds,
} from '#shared/http/caller-directory.ts';
import type * as StoreDirectory from '#shared/store/caller-directory.ts';
import { everyUnit, keys } from '#shared/store/keys.ts';

const now = Date.parse('2025-07-04T03:00:00Z');
const valid = () => accessTokenClaims(now);
const commune = (unitId: string) => ({
  ...valid(),
  sub: 'c-1',
  'cognito:groups': '[commune]',
  'custom:unitId': unitId,
});
const delegation = (leaderId: string) => ({
  ...valid(),
  sub: 'd-1',
  'cognito:groups': '[delegation]',
  'custom:leaderId': leaderId,
});
const office = (orgId: string) => ({
  ...valid(),
  sub: 'o-1',
  'cognito:groups': '[city-office]',
  'custom:orgId': orgId,
});

function eventOf(claims: Record<string, unknown>) {
  return {
    requestContext: { authorizer: { jwt: { claims, scopes: [] } } },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const parse = (claims: Record<string, unknown>) =>
  parseCaller(claims as Parameters<typeof parseCaller>[0], now);

/** Throws the error class with a detail matching `detail`. */
function expectRefusal(run: () => unknown, kind: new (...args: never[]) => Error, detail?: RegExp) {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(kind);
  if (detail) expect((thrown as Error).message).toMatch(detail);
}

const reference: KnownIds = {
  unit: new Set(['an-phu', 'nguyen-giap']),
  org: new Set(['van-phong-thanh-uy']),
  leader: new Set(['le-tien-chau', 'le-van-hieu']),
};
const fixedDirectory: CallerDirectory = {
  has: async (kind, id) => reference[kind].has(id),
};

describe('M1: unit and org claims are slugs of records the city has', () => {
  it('M1: refuses "*" and every other unit or org claim that is no slug, as a bad token (401)', () => {
    for (const bad of [
      '*',
      '',
      'An Phu',
      'an_phu',
      'an-phu ',
      '-an-phu',
      '[an-phu]',
      'a'.repeat(65),
    ]) {
      expectRefusal(() => parse(commune(bad)), UnauthorizedError, /custom:unitId/);
      expectRefusal(() => parse(office(bad)), UnauthorizedError, /custom:orgId/);
    }
    expect(parse(commune('an-phu')).unitId).toBe('an-phu');
    expect(parse(office('van-phong-thanh-uy')).orgId).toBe('van-phong-thanh-uy');
  });

  it('M1: refuses a well-formed unit or org the city does not have (403), and passes those it has', async () => {
    await expect(
      readCaller(eventOf(commune('no-such-unit')), { directory: fixedDirectory, nowMs: now }),
    ).rejects.toThrow(AccountSetupError);
    await expect(
      readCaller(eventOf(office('so-khong-co')), { directory: fixedDirectory, nowMs: now }),
    ).rejects.toThrow(/office "so-khong-co", which the city does not have/);
    const caller = await readCaller(eventOf(commune('nguyen-giap')), {
      directory: fixedDirectory,
      nowMs: now,
    });
    expect(caller).toMatchObject({ role: 'commune', unitId: 'nguyen-giap' });
  });

  it('M1: a route that reads the table refuses an unknown unit before reading anything', async () => {
    const dynamo = mockClient(DynamoDBDocumentClient);
    try {
      dynamo.on(GetCommand).resolves({ Item: { PK: 'UNITS', SK: 'UNIT#an-phu', id: 'an-phu' } });
      const response = await getUnit(
        httpEvent({
          routeKey: 'GET /units/{unitId}',
          pathParameters: { unitId: 'an-phu' },
          claims: { sub: 'c-1', 'cognito:groups': '[commune]', 'custom:unitId': 'no-such-unit' },
        }),
        lambdaContext,
      );
      expect(response.statusCode).toBe(403);
      expect(JSON.parse(response.body ?? '')).toMatchObject({
        type: 'urn:thaogo:problem:account-setup',
        detail: expect.stringContaining('no-such-unit'),
      });
      expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
    } finally {
      dynamo.restore();
    }
  });

  it('M1: the key builders refuse "*" or any non-slug as a unit; only everyUnit opens the city-wide listing', () => {
    expect(() => keys.obstacleListingPartition('*')).toThrow(/Not a unit id/);
    expect(() => keys.obstacleStatusChanges('*', 'verified')).toThrow(/Not a unit id/);
    expect(() => keys.visitListingPartition('*')).toThrow(/Not a unit id/);
    expect(() => keys.visitListing('an phu', '2025-07-03', 'v')).toThrow(/Not a unit id/);
    expect(() => keys.obstacleListingPartition('[object Object]')).toThrow(/Not a unit id/);
    expect(keys.obstacleListingPartition('an-phu', 'reported')).toBe(
      'OBSLIST#U=an-phu#S=reported#C=*',
    );
    expect(keys.obstacleListingPartition(undefined, 'reported')).toBe('OBSLIST#U=*#S=reported#C=*');
    expect(keys.obstacleListingPartition(everyUnit)).toBe('OBSLIST#U=*#S=*#C=*');
    expect(keys.visitListingPartition(everyUnit)).toBe('VISITS#U=*');
    expect(keys.visitListingPartition('an-phu')).toBe('VISITS#U=an-phu');
  });
});

describe('M1: the cached directory', () => {
  let clock = 0;
  let loads = 0;
  let table: KnownIds;
  const directory = () =>
    cachedCallerDirectory(
      async () => {
        loads++;
        return table;
      },
      { ttlMs: 300_000, missMs: 10_000, now: () => clock },
    );
  beforeEach(() => {
    clock = 1_000_000;
    loads = 0;
    table = { unit: new Set(['an-phu']), org: new Set(), leader: new Set() };
  });
  /** The cache answers `found` for the id, having read the lists `reads` times in all. */
  const expectAnswer = async (
    cache: ReturnType<typeof directory>,
    [kind, id]: Parameters<ReturnType<typeof directory>['has']>,
    found: boolean,
    reads: number,
  ) => {
    expect(await cache.has(kind, id)).toBe(found);
    expect(loads).toBe(reads);
  };

  it('M1: reads the lists once for many requests, and again when they are older than the TTL', async () => {
    const cache = directory();
    const answers = await Promise.all([1, 2, 3].map(() => cache.has('unit', 'an-phu')));
    expect(answers).toEqual([true, true, true]);
    clock += 299_000;
    await expectAnswer(cache, ['unit', 'an-phu'], true, 1);
    clock += 2_000;
    await expectAnswer(cache, ['unit', 'an-phu'], true, 2);
  });

  it('M1: finds a record added after the lists were read, and reads no more for an id still missing', async () => {
    const cache = directory();
    expect(await cache.has('unit', 'an-phu')).toBe(true);
    table = { ...table, unit: new Set(['an-phu', 'hong-an']) };
    clock += 1;
    await expectAnswer(cache, ['unit', 'hong-an'], true, 2);
    clock += 1;
    await expectAnswer(cache, ['org', 'so-khong-co'], false, 3);
    clock += 5_000;
    await expectAnswer(cache, ['org', 'so-khong-co'], false, 3);
    clock += 6_000;
    table = { ...table, org: new Set(['so-khong-co']) };
    await expectAnswer(cache, ['org', 'so-khong-co'], true, 4);
  });

  it("M1: a failed read is the request's failure, and the next request reads again", async () => {
    let fail = true;
    const cache = cachedCallerDirectory(async () => {
      loads++;
      if (fail) throw new Error('ProvisionedThroughputExceededException');
      return table;
    });
    await expect(cache.has('unit', 'an-phu')).rejects.toThrow(/Throughput/);
    fail = false;
    expect(await cache.has('unit', 'an-phu')).toBe(true);
    expect(loads).toBe(2);
  });

  it('M1: the table directory reads only the ids of the units, offices and leaders partitions', async () => {
    const { createKnownIdsLoader } = await vi.importActual<typeof StoreDirectory>(
      '#shared/store/caller-directory.ts',
    );
    const dynamo = mockClient(DynamoDBDocumentClient);
    try {
      dynamo
        .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'UNITS', ':prefix': 'UNIT#' } })
        .resolves({ Items: [{ id: 'an-phu' }, { id: 'hong-an' }] })
        .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'ORGS', ':prefix': 'ORG#' } })
        .resolves({ Items: [{ id: 'so-noi-vu' }] })
        .on(QueryCommand, {
          ExpressionAttributeValues: { ':pk': 'LEADERS', ':prefix': 'LEADER#' },
        })
        .resolves({ Items: [{ id: 'le-tien-chau' }] });
      const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
      const ids = await createKnownIdsLoader(doc, 't')();
      expect([...ids.unit]).toEqual(['an-phu', 'hong-an']);
      expect([...ids.org]).toEqual(['so-noi-vu']);
      expect([...ids.leader]).toEqual(['le-tien-chau']);
      const inputs = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
      expect(inputs).toHaveLength(3);
      for (const input of inputs) {
        expect(input).toMatchObject({
          TableName: 't',
          ProjectionExpression: '#id',
          ExpressionAttributeNames: { '#id': 'id' },
        });
      }
    } finally {
      dynamo.restore();
    }
  });
});

describe('M4: a delegation acts for the leaders of its account', () => {
  it('M4: reads custom:leaderId as one leader, or several joined by commas', () => {
    expect(parse(delegation('le-tien-chau')).leaderIds).toEqual(['le-tien-chau']);
    expect(parse(delegation('le-tien-chau,le-van-hieu')).leaderIds).toEqual([
      'le-tien-chau',
      'le-van-hieu',
    ]);
  });

  it('M4: refuses a leader list that is not distinct slugs joined by commas (401)', () => {
    const nine = Array.from({ length: 9 }, (_, i) => `leader-${i}`).join(',');
    for (const bad of [
      '*',
      'le-tien-chau, le-van-hieu',
      'le-tien-chau,',
      ',le-tien-chau',
      'a,,b',
      'a,a',
      nine,
    ]) {
      expectRefusal(() => parse(delegation(bad)), UnauthorizedError, /custom:leaderId/);
    }
  });

  it('M4: refuses a delegation account that names no leader (403)', () => {
    expectRefusal(
      () => parse({ ...valid(), sub: 'd-1', 'cognito:groups': '[delegation]' }),
      AccountSetupError,
      /must name the leader it acts for/,
    );
  });

  it('M4: refuses a leader the city does not have (403)', async () => {
    await expect(
      readCaller(eventOf(delegation('le-tien-chau,khong-co')), {
        directory: fixedDirectory,
        nowMs: now,
      }),
    ).rejects.toThrow(/leader "khong-co", which the city does not have/);
  });

  it("M4: refuses an account whose claims are another role's (403)", () => {
    expectRefusal(
      () => parse({ ...delegation('le-tien-chau'), 'custom:unitId': 'an-phu' }),
      AccountSetupError,
      /custom:unitId/,
    );
    expectRefusal(
      () => parse({ ...commune('an-phu'), 'custom:leaderId': 'le-tien-chau' }),
      AccountSetupError,
      /custom:leaderId/,
    );
    expectRefusal(
      () => parse({ ...office('van-phong-thanh-uy'), 'custom:unitId': 'an-phu' }),
      AccountSetupError,
    );
  });
});

describe('M6: claims that are not text', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'thaogo-caller-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('M6: refuses a unit claim that is an object or an array as a bad token (401)', () => {
    for (const bad of [{ id: 'an-phu' }, ['an-phu'], 42, true, null]) {
      expectRefusal(() => parse({ ...commune('an-phu'), 'custom:unitId': bad }), UnauthorizedError);
    }
  });

  it('M6: the local verifier hands an object claim over as text, which the parse then refuses (401)', async () => {
    const keys = await loadOrCreateKeys(dataDir);
    for (const value of [{ toString: 1 }, { id: 'an-phu' }, [{ a: 1 }]]) {
      const token = await new SignJWT({
        sub: 'c-1',
        'cognito:groups': ['commune'],
        'custom:unitId': value,
        client_id: localClientId,
        token_use: 'access',
      } as Record<string, unknown>)
        .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
        .setIssuer(localIssuer)
        .setExpirationTime('5m')
        .sign(keys.privateKey);
      const claims = await verifyToken(keys, token);
      expect(typeof claims['custom:unitId']).toBe('string');
      expectRefusal(
        () => parseCaller(claims, Date.now()),
        UnauthorizedError,
        /"custom:unitId" claim is not an id/,
      );
    }
  });
});

describe('L2: expiry and one role group, read exactly', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'thaogo-caller-l2-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('L2: refuses a token without an expiry, or with one that passed (401)', () => {
    const { exp: _exp, ...noExpiry } = commune('an-phu');
    expectRefusal(() => parse(noExpiry), UnauthorizedError, /no expiry/);
    expectRefusal(
      () => parse({ ...commune('an-phu'), exp: 'soon' }),
      UnauthorizedError,
      /no expiry/,
    );
    expectRefusal(
      () => parse({ ...commune('an-phu'), exp: String(now / 1000) }),
      UnauthorizedError,
      /expired/,
    );
    expect(parse({ ...commune('an-phu'), exp: now / 1000 + 1 }).role).toBe('commune');
  });

  it('L2: the local verifier refuses a signed token without exp', async () => {
    const keys = await loadOrCreateKeys(dataDir);
    const token = await new SignJWT({
      sub: 'd-1',
      'cognito:groups': ['delegation'],
      'custom:leaderId': 'le-tien-chau',
      client_id: localClientId,
      token_use: 'access',
    })
      .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
      .setIssuer(localIssuer)
      .sign(keys.privateKey);
    await expect(verifyToken(keys, token)).rejects.toThrow(TokenRejectedError);
  });

  it('L2: refuses an account in two role groups (403), naming them', () => {
    expectRefusal(
      () => parse({ ...commune('an-phu'), 'cognito:groups': '[commune delegation]' }),
      AccountSetupError,
      /2 role groups \(commune, delegation\); an account has exactly one role/,
    );
    expectRefusal(
      () => parse({ ...commune('an-phu'), 'cognito:groups': ['city-office', 'commune'] }),
      AccountSetupError,
    );
  });

  it('L2: matches group names exactly: neither commas nor other spacing split them', () => {
    // One group named "commune,delegation" is no role: this account has none.
    expectRefusal(
      () => parse({ ...commune('an-phu'), 'cognito:groups': '[commune,delegation]' }),
      AccountSetupError,
      /no role group/,
    );
    for (const bad of [
      'commune',
      'commune,delegation',
      '[commune  delegation]',
      '[ commune]',
      '[commune',
      'commune delegation',
    ]) {
      expectRefusal(
        () => parse({ ...commune('an-phu'), 'cognito:groups': bad }),
        UnauthorizedError,
        /groups/,
      );
    }
    expectRefusal(
      () => parse({ ...commune('an-phu'), 'cognito:groups': ['Commune'] }),
      AccountSetupError,
    );
  });
});

describe('L7: access tokens only', () => {
  it('L7: refuses an ID token, or a token that does not say what it is (401)', () => {
    expectRefusal(
      () => parse({ ...commune('an-phu'), token_use: 'id' }),
      UnauthorizedError,
      /access tokens/,
    );
    const { token_use: _use, ...unsaid } = commune('an-phu');
    expectRefusal(() => parse(unsaid), UnauthorizedError, /access tokens/);
  });
});
