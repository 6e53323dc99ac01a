import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadOrCreateKeys, localClientId, localIssuer, mintToken } from '#infra/local/auth.ts';
import { apiUrl, asDelegation, call, tokenFor } from './helpers.ts';

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
    const forged = await mintToken(otherKeys, { role: 'delegation' });
    expectProblem(await call('/units', { token: forged }), 401, 'unauthorized');
  });

  it('answers 401 to an expired token', async () => {
    const expired = await tokenFor({ role: 'delegation', ttlSeconds: -60 });
    expectProblem(await call('/units', { token: expired }), 401, 'unauthorized');
  });

  it('answers 401 to a token from another issuer', async () => {
    const foreign = await tokenFor({
      role: 'delegation',
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

  it('answers 403 to a group that is no role of the route', async () => {
    const stranger = await tokenFor({ role: 'citizen' as 'delegation', sub: 'it-citizen' });
    expectProblem(await call('/units', { token: stranger }), 403, 'forbidden');
  });

  it('answers 403 to a commune account that names no unit', async () => {
    const keys = await loadOrCreateKeys(inject('dataDir'));
    const noUnit = await new SignJWT({
      sub: 'it-no-unit',
      'cognito:groups': ['commune'],
      client_id: localClientId,
      token_use: 'access',
    })
      .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
      .setIssuer(localIssuer)
      .setExpirationTime('5m')
      .sign(keys.privateKey);
    expectProblem(await call('/units', { token: noUnit }), 403, 'forbidden');
  });

  it('answers 401 to an ID token where an access token is required', async () => {
    const keys = await loadOrCreateKeys(inject('dataDir'));
    const idToken = await new SignJWT({
      sub: 'it-id-token',
      'cognito:groups': ['delegation'],
      aud: localClientId,
      token_use: 'id',
    })
      .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
      .setIssuer(localIssuer)
      .setExpirationTime('5m')
      .sign(keys.privateKey);
    expectProblem(await call('/units', { token: idToken }), 401, 'unauthorized');
  });

  it('serves a valid token', async () => {
    const result = await call('/health', { token: await asDelegation() });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ status: 'ok', service: 'thaogo' });
    expect(apiUrl).toMatch(/^http:\/\/localhost:\d+$/);
  });
});
