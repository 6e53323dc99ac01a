/**
 * Local stand-in for the Cognito user pool: an RS256 key made on first start, tokens
 * with the claims of Cognito access tokens, and the checks API Gateway's JWT authorizer
 * makes (signature, issuer, expiry, token use, client id).
 */
import { randomBytes, randomUUID, type webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { Role } from '#functions/manifest.ts';

type CryptoKey = webcrypto.CryptoKey;

export const localIssuer = 'https://cognito-idp.local.thaogo/local-user-pool';
export const localClientId = 'thaogo-local-client';
const algorithm = 'RS256';

export interface LocalKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  kid: string;
}

/** Loads the key pair under `<dataDir>/auth/`, making it on first use. */
export async function loadOrCreateKeys(dataDir: string): Promise<LocalKeys> {
  const dir = join(dataDir, 'auth');
  const file = join(dir, 'signing-key.jwk.json');
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair(algorithm, { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: algorithm };
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  }
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string };
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, algorithm)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, algorithm)) as CryptoKey,
    kid: jwk.kid,
  };
}

export interface TokenRequest {
  role: Role;
  unitId?: string;
  orgId?: string;
  /** The leaders a delegation acts for: `custom:leaderId`, their ids joined by commas. */
  leaderIds?: readonly string[];
  name?: string;
  sub?: string;
  /** Lifetime in seconds; Cognito's default for access tokens is one hour. */
  ttlSeconds?: number;
  issuer?: string;
}

export async function mintToken(keys: LocalKeys, request: TokenRequest): Promise<string> {
  if (request.role === 'commune' && !request.unitId)
    throw new Error('A commune token needs a unit.');
  if (request.role === 'city-office' && !request.orgId)
    throw new Error('A city-office token needs an org.');
  if (request.role === 'delegation' && !request.leaderIds?.length)
    throw new Error('A delegation token needs at least one leader.');
  const sub = request.sub ?? `local-${request.role}-${request.unitId ?? request.orgId ?? 'member'}`;
  const claims: JWTPayload = {
    sub,
    'cognito:groups': [request.role],
    name: request.name ?? sub,
    client_id: localClientId,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    username: sub,
    ...(request.unitId ? { 'custom:unitId': request.unitId } : {}),
    ...(request.orgId ? { 'custom:orgId': request.orgId } : {}),
    ...(request.leaderIds?.length ? { 'custom:leaderId': request.leaderIds.join(',') } : {}),
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: algorithm, kid: keys.kid, typ: 'JWT' })
    .setIssuer(request.issuer ?? localIssuer)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(Math.floor(Date.now() / 1000) + (request.ttlSeconds ?? 3600))
    .sign(keys.privateKey);
}

export class TokenRejectedError extends Error {}

/**
 * One claim as text, whatever JSON the token holds: arrays as `[a b]` like API Gateway,
 * objects and nested values as JSON. Never `String(value)`, which throws on an object
 * whose `toString` is not a function; the handler refuses what is not the text it needs.
 */
function claimText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    return `[${value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(' ')}]`;
  }
  return JSON.stringify(value) ?? '';
}

/**
 * Verifies a bearer token as API Gateway's JWT authorizer does, and returns the claims
 * as the authorizer hands them to the function: every value a string, arrays as `[a b]`.
 */
export async function verifyToken(keys: LocalKeys, token: string): Promise<Record<string, string>> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys.publicKey, {
      issuer: localIssuer,
      algorithms: [algorithm],
      // A token without an expiry would be good forever.
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'invalid';
    throw new TokenRejectedError(reason);
  }
  if (payload.token_use !== 'access') throw new TokenRejectedError('not an access token');
  if (payload.client_id !== localClientId) throw new TokenRejectedError('unknown client');
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [name, claimText(value)]),
  );
}

/**
 * A secret of the local runtime, in `<dataDir>/auth/<name>`: made by `make` on first use,
 * readable by the owner only, and the same at every later start.
 */
export function loadOrCreateSecret(dataDir: string, name: string, make: () => string): string {
  const dir = join(dataDir, 'auth');
  const file = join(dir, name);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, make(), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** The secret that signs list cursors locally, made on first use beside the signing key. */
export const loadOrCreateCursorKey = (dataDir: string): string =>
  loadOrCreateSecret(dataDir, 'cursor.key', () => randomBytes(48).toString('base64'));
