import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JWTPayload, SignJWT } from 'jose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadOrCreateKeys, localClientId, localIssuer, mintToken } from '#infra/local/auth.ts';
import { apiUrl, asCityOffice, asCommune, asDelegation, call, tokenFor } from './helpers.ts';
import { testOrg } from './task-helpers.ts';

function expectProblem(
  result: Awaited<ReturnType<typeof call>>,
  status: number,
  typeSuffix: string,
) {
  expect(result.status).toBe(status);
  expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(result.json).toMatchObject({ status, type: `urn:thaogo:problem:${typeSuffix}` });
  expect(typeof result.json.title).toBe('string');
}

/** A token signed by the local key with exactly these claims, and an expiry unless told not to. */
async function signed(claims: JWTPayload, { expires = true } = {}) {
  const keys = await loadOrCreateKeys(inject('dataDir'));
  const jwt = new SignJWT({ client_id: localClientId, token_use: 'access', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
    .setIssuer(localIssuer);
  return (expires ? jwt.setExpirationTime('5m') : jwt).sign(keys.privateKey);
}

/** Reads of unit business: lists, an export, an overview and a visit list. */
const unitReads = [
  '/obstacles',
  '/obstacles?unitId=an-phu',
  '/obstacles/export.csv',
  '/visits',
  '/visits?unitId=an-phu',
  '/tasks',
  '/units/an-phu/summary',
];

describe('authentication at the local API', () => {
  const strangerDir = mkdtempSync(join(tmpdir(), 'thaogo-stranger-'));
  afterAll(() => rmSync(strangerDir, { recursive: true, force: true }));

  it('answers 401 problem+json without a token', async () => {
    const result = await call('/units');
    expectProblem(result, 401, 'unauthorized');
    expect(result.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 401 to a token signed by another key', async () => {
    const otherKeys = await loadOrCreateKeys(strangerDir);
    const forged = await mintToken(otherKeys, { role: 'delegation', leaderIds: ['le-tien-chau'] });
    expectProblem(await call('/units', { token: forged }), 401, 'unauthorized');
  });

  it('answers 401 to an expired token', async () => {
    const expired = await tokenFor({
      role: 'delegation',
      leaderIds: ['le-tien-chau'],
      ttlSeconds: -60,
    });
    expectProblem(await call('/units', { token: expired }), 401, 'unauthorized');
  });

  it('answers 401 to a token from another issuer', async () => {
    const foreign = await tokenFor({
      role: 'delegation',
      leaderIds: ['le-tien-chau'],
      issuer: 'https://cognito-idp.example/other',
    });
    expectProblem(await call('/units', { token: foreign }), 401, 'unauthorized');
  });

  it('answers 401 to a token whose signature was altered', async () => {
    const token = await asDelegation();
    const [header, payload] = token.split('.');
    const tampered = `${header}.${payload}.${'A'.repeat(342)}`;
    expectProblem(await call('/units', { token: tampered }), 401, 'unauthorized');
  });

  it('answers 403 to an account in no role group', async () => {
    const stranger = await tokenFor({ role: 'citizen' as 'delegation', sub: 'it-citizen' });
    expectProblem(await call('/units', { token: stranger }), 403, 'account-setup');
  });

  it('answers 403 to a commune account that names no unit', async () => {
    const noUnit = await signed({ sub: 'it-no-unit', 'cognito:groups': ['commune'] });
    expectProblem(await call('/units', { token: noUnit }), 403, 'account-setup');
  });

  it('serves a valid token', async () => {
    const result = await call('/health', { token: await asDelegation() });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ status: 'ok', service: 'thaogo' });
    expect(apiUrl).toMatch(/^http:\/\/localhost:\d+\/api$/);
  });
});

describe('M1: unit and org claims name records the city has', () => {
  it('M1: refuses a commune token whose unit is "*" (401), and it reads nothing of any unit', async () => {
    const any = await tokenFor({ role: 'commune', unitId: '*', sub: 'it-any-unit' });
    for (const path of unitReads) {
      const result = await call(path, { token: any });
      expectProblem(result, 401, 'unauthorized');
      expect(result.json.detail).toMatch(/custom:unitId/);
      expect(result.json.items).toBeUndefined();
      expect(result.text).not.toMatch(/an-phu|nguyen-giap|Nguyên Giáp/);
    }
    // The same commune, named rightly, reads its own unit only.
    const own = await call('/obstacles', { token: await asCommune('nguyen-giap') });
    expect(own.status).toBe(200);
    expect(own.json.items.length).toBeGreaterThan(0);
    expect(new Set(own.json.items.map((o: { unitId: string }) => o.unitId))).toEqual(
      new Set(['nguyen-giap']),
    );
  });

  it('M1: refuses unit and org claims that are no slug (401)', async () => {
    for (const unitId of ['an phu', 'AN-PHU', 'an-phu,ai-quoc', '[an-phu]']) {
      const token = await tokenFor({ role: 'commune', unitId, sub: 'it-bad-unit' });
      expectProblem(await call('/obstacles', { token }), 401, 'unauthorized');
    }
    const anyOrg = await tokenFor({ role: 'city-office', orgId: '*', sub: 'it-any-org' });
    expectProblem(await call('/tasks', { token: anyOrg }), 401, 'unauthorized');
  });

  it('M1: refuses a well-formed unit, org or leader the city does not have (403)', async () => {
    const cases = [
      await asCommune('no-such-commune'),
      await asCityOffice('so-khong-co'),
      await asDelegation(['khong-co-lanh-dao']),
    ];
    for (const token of cases) {
      for (const path of ['/units', '/obstacles']) {
        const result = await call(path, { token });
        expectProblem(result, 403, 'account-setup');
        expect(result.json.detail).toMatch(/which the city does not have/);
      }
    }
  });

  it('accepts at once an office added after the directory was read', async () => {
    expect((await call('/units', { token: await asCityOffice() })).status).toBe(200);
    const orgId = await testOrg('m1-new-office');
    const result = await call(`/tasks?assignee=org:${orgId}`, {
      token: await asCityOffice(orgId),
    });
    expect(result.status).toBe(200);
  });
});

describe('M4: a delegation account names the leaders it acts for', () => {
  it('M4: refuses a delegation account without a leader (403), serves one with its leaders', async () => {
    const noLeader = await signed({ sub: 'it-no-leader', 'cognito:groups': ['delegation'] });
    const refused = await call('/visits', { token: noLeader });
    expectProblem(refused, 403, 'account-setup');
    expect(refused.json.detail).toMatch(/leader/);
    for (const leaders of [['le-tien-chau'], ['le-van-hieu'], ['le-tien-chau', 'do-manh-hien']]) {
      expect((await call('/visits', { token: await asDelegation(leaders) })).status).toBe(200);
    }
  });
});

describe('M6: a claim that is not text', () => {
  it('M6: answers 401, never 500, to a signed token whose unit is an object or an array', async () => {
    for (const unitId of [{ id: 'an-phu' }, { toString: 1 }, ['an-phu'], [{ id: 'an-phu' }]]) {
      const token = await signed({
        sub: 'it-object-unit',
        'cognito:groups': ['commune'],
        'custom:unitId': unitId,
      } as JWTPayload);
      for (const path of ['/units', '/obstacles', '/visits']) {
        expectProblem(await call(path, { token }), 401, 'unauthorized');
      }
    }
  });
});

describe('L2: an expiry, and exactly one role group', () => {
  it('L2: answers 401 to a signed token without exp', async () => {
    const forever = await signed(
      { sub: 'it-forever', 'cognito:groups': ['delegation'], 'custom:leaderId': 'le-tien-chau' },
      { expires: false },
    );
    expectProblem(await call('/units', { token: forever }), 401, 'unauthorized');
  });

  it('L2: answers 403 to an account in two role groups, saying so', async () => {
    const both = await signed({
      sub: 'it-two-roles',
      'cognito:groups': ['commune', 'delegation'],
      'custom:unitId': 'an-phu',
      'custom:leaderId': 'le-tien-chau',
    });
    for (const path of ['/units', '/obstacles', '/visits']) {
      const result = await call(path, { token: both });
      expectProblem(result, 403, 'account-setup');
      expect(result.json.detail).toMatch(/2 role groups \(commune, delegation\)/);
    }
  });

  it('L2: matches group names exactly: "commune,delegation" is no role group', async () => {
    const joined = await signed({
      sub: 'it-joined-groups',
      'cognito:groups': ['commune,delegation'],
      'custom:unitId': 'an-phu',
    });
    const result = await call('/obstacles', { token: joined });
    expectProblem(result, 403, 'account-setup');
    expect(result.json.detail).toMatch(/no role group/);
  });
});

describe('L7: the local API reads tokens as API Gateway does', () => {
  it('answers 401 to an ID token where an access token is required', async () => {
    const idToken = await signed({
      sub: 'it-id-token',
      'cognito:groups': ['delegation'],
      'custom:leaderId': 'le-tien-chau',
      aud: localClientId,
      client_id: undefined,
      token_use: 'id',
    });
    expectProblem(await call('/units', { token: idToken }), 401, 'unauthorized');
  });

  it('L7: takes the token with or without "Bearer ", as the JWT authorizer does', async () => {
    const token = await asDelegation();
    for (const authorization of [`Bearer ${token}`, `bearer ${token}`, token, ` ${token} `]) {
      const result = await call('/units', { headers: { authorization } });
      expect(result.status, authorization.slice(0, 8)).toBe(200);
    }
    for (const authorization of [`Basic ${token}`, `Bearer ${token} extra`, 'Bearer']) {
      expectProblem(await call('/units', { headers: { authorization } }), 401, 'unauthorized');
    }
  });
});
