import { expect, inject } from 'vitest';
import { loadOrCreateKeys, mintToken, type TokenRequest } from '#infra/local/auth.ts';

export const apiUrl = inject('apiUrl');

export async function tokenFor(request: TokenRequest): Promise<string> {
  return mintToken(await loadOrCreateKeys(inject('dataDir')), request);
}

/**
 * A delegation account acting for Lê Tiến Châu (subject `it-delegation`), or another
 * account acting for the leaders named.
 */
export const asDelegation = (leaderIds: readonly string[] = ['le-tien-chau']) =>
  tokenFor({
    role: 'delegation',
    leaderIds,
    sub:
      leaderIds.join(',') === 'le-tien-chau'
        ? 'it-delegation'
        : `it-delegation-${leaderIds.join('-')}`,
  });
export const asCommune = (unitId: string) =>
  tokenFor({ role: 'commune', unitId, sub: `it-commune-${unitId}` });
export const asCityOffice = (orgId = 'van-phong-thanh-uy') =>
  tokenFor({ role: 'city-office', orgId, sub: `it-office-${orgId}` });

/**
 * The tokens of a test file's callers, minted once as the file loads, by name:
 * `const { anPhu, office } = await tokens({ anPhu: asCommune('an-phu'), office: asCityOffice() })`.
 */
export async function tokens<K extends string>(
  minted: Record<K, Promise<string>>,
): Promise<Record<K, string>> {
  const out = {} as Record<K, string>;
  for (const name of Object.keys(minted) as K[]) out[name] = await minted[name];
  return out;
}

export interface CallOptions {
  token?: string;
  method?: string;
  body?: string;
  headers?: Record<string, string>;
}

export async function call(path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${apiUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body,
  });
  return answerOf(response);
}

/** What a response says: status, headers, text, and the JSON of the text (if it is JSON). */
export async function answerOf(response: Response) {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  // biome-ignore lint/suspicious/noExplicitAny: each test checks the fields it relies on
  return { status: response.status, headers: response.headers, text, json: json as any };
}

/** A POST of a JSON body. */
export function post(
  path: string,
  token: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return call(path, {
    token,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** The If-Match header of a change, when the test sends one. */
export const ifMatch = (etag: string | undefined): Record<string, string> =>
  etag === undefined ? {} : { 'if-match': etag };

/** What every create answers with; a test names the other fields it reads. */
export interface Created {
  id: string;
  version: number;
  status: string;
}

/** The body of a 201, once checked to be one (a failure shows the body). */
export function createdBody<T extends Created>(result: { status: number; json: unknown }): T {
  expect(result.status, JSON.stringify(result.json)).toBe(201);
  return result.json as T;
}

/** A request fetch will not make (a GET with a body), over node:http. */
export async function callRaw(path: string, bearer: string, body: string, method = 'GET') {
  const { request } = await import('node:http');
  return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = request(
      new URL(`${apiUrl}${path}`),
      {
        method,
        headers: {
          authorization: `Bearer ${bearer}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
