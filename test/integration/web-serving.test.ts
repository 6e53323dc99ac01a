/**
 * The local server as the browser meets it: the app's files and pages beside the API under
 * /api, /config.json, and the local sign-in. A server of this file's own serves a small
 * build made here, and another serves a folder with no build.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadOrCreateCursorKey, loadOrCreateKeys } from '#infra/local/auth.ts';
import { demoAccounts } from '#infra/local/demo-tokens.ts';
import { useLocalConfiguration } from '#infra/local/environment.ts';
import type { LocalAccount } from '#infra/local/local-accounts.ts';
import { leaders, orgs, units } from '#infra/local/seed/reference-case.ts';
import { type LocalApi, startLocalApi } from '#infra/local/server.ts';
import { compareVietnamese } from '#shared/domain/text.ts';
import { answerOf, asCommune } from './helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'thaogo-web-'));
const dist = join(root, 'dist');
const indexHtml = '<!doctype html><html lang="vi"><title>Tháo gỡ</title><div id="app"></div>';
const script = 'document.getElementById("app").textContent = "Tháo gỡ";';
const secret = 'SECRET-OUTSIDE-THE-BUILD';
mkdirSync(join(dist, 'assets'), { recursive: true });
mkdirSync(join(root, 'empty'));
writeFileSync(join(dist, 'index.html'), indexHtml);
writeFileSync(join(dist, 'assets', 'index-B1a2c3D4.js'), script);
writeFileSync(join(dist, 'assets', 'index-C5d6e7F8.css'), 'body{margin:0}');
const bigScript = `${'console.log("Tháo gỡ");\n'.repeat(200)}`;
writeFileSync(join(dist, 'assets', 'big-E9f0a1B2.js'), bigScript);
writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
writeFileSync(join(dist, '.build-stamp'), `{"fingerprint":"${secret}"}`);
writeFileSync(join(root, 'secret.txt'), secret);
symlinkSync(join(root, 'secret.txt'), join(dist, 'leak.txt'));
symlinkSync(root, join(dist, 'assets', 'up'));

const csp =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

let site: LocalApi;
let unbuilt: LocalApi;
const commune = await asCommune('nguyen-giap');

beforeAll(async () => {
  const dataDir = inject('dataDir');
  useLocalConfiguration({
    tableName: inject('tableName'),
    endpoint: inject('dynamoEndpoint'),
    cursorKey: loadOrCreateCursorKey(dataDir),
    outboxDir: join(root, 'outbox'),
    baseUrl: 'http://localhost:3000',
  });
  const keys = await loadOrCreateKeys(dataDir);
  site = await startLocalApi({ keys, port: 0, distDir: dist });
  unbuilt = await startLocalApi({ keys, port: 0, distDir: join(root, 'empty') });
});

afterAll(async () => {
  await site?.close();
  await unbuilt?.close();
  rmSync(root, { recursive: true, force: true });
});

async function get(path: string, headers: Record<string, string> = {}, on = site) {
  return answerOf(await fetch(`${on.origin}${path}`, { headers }));
}

/** A request for `path` with gzip accepted (or not), read undecoded, as node:http gives it. */
function encoded(path: string, acceptEncoding?: string) {
  const { port } = new URL(site.origin);
  return new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('compression, as CloudFront compresses the site', () => {
  it('gzips a text file of 1 KB and more for a client that takes gzip, and only then', async () => {
    const zipped = await encoded('/assets/big-E9f0a1B2.js', 'gzip, deflate, br');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(zipped.body).toString('utf8')).toBe(bigScript);
    expect(zipped.body.byteLength).toBeLessThan(Buffer.byteLength(bigScript) / 10);

    const plainCopy = await encoded('/assets/big-E9f0a1B2.js');
    expect(plainCopy.headers['content-encoding']).toBeUndefined();
    expect(plainCopy.body.toString('utf8')).toBe(bigScript);

    const small = await encoded('/assets/index-B1a2c3D4.js', 'gzip');
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});

/** A request sent with its path exactly as written: fetch would tidy `..` away first. */
function raw(path: string, accept: string) {
  const { port } = new URL(site.origin);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { accept } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function expectSiteHeaders(headers: Headers) {
  expect(headers.get('content-security-policy')).toBe(csp);
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(headers.get('permissions-policy')).toBe(
    'camera=(self), geolocation=(self), microphone=()',
  );
  // Plain http: HSTS would be ignored at best, and is the CDN's to send on AWS.
  expect(headers.get('strict-transport-security')).toBeNull();
}

describe('the app beside the API', () => {
  it('puts the API under /api of the same origin', () => {
    expect(site.origin).toMatch(/^http:\/\/localhost:\d+$/);
    expect(site.url).toBe(`${site.origin}/api`);
  });

  it('serves a file of the build with its type and the site headers; hashed assets keep a year', async () => {
    const js = await get('/assets/index-B1a2c3D4.js');
    expect(js.status).toBe(200);
    expect(js.text).toBe(script);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expectSiteHeaders(js.headers);

    const css = await get('/assets/index-C5d6e7F8.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await get('/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');

    for (const path of ['/', '/index.html']) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      expect(page.text).toBe(indexHtml);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expectSiteHeaders(page.headers);
    }
  });

  it('answers HEAD with the headers and length of the GET, and no body', async () => {
    const head = await fetch(`${site.origin}/assets/index-B1a2c3D4.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(script)));
    expect(head.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await head.text()).toBe('');
  });

  it('answers 304 to a file the browser already holds, by its ETag', async () => {
    const first = await get('/');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    const again = await get('/', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const changed = await get('/', { 'if-none-match': '"something-else"' });
    expect(changed.status).toBe(200);
  });

  it("answers the app's page for each of the app's routes, so a digest link opens the app", async () => {
    for (const path of [
      '/sign-in',
      '/obstacles',
      '/obstacles/new',
      '/obstacles/01JZ9SENG00000000000000005',
      '/tasks/01JZ9T00000000000000000001',
      '/visits/new',
      '/units/nguyen-giap',
      '/dossier',
      '/digests/abc',
      '/scorecard',
      '/inbox',
    ]) {
      for (const accept of ['text/html,application/xhtml+xml,*/*;q=0.8', '*/*']) {
        const page = await get(path, { accept });
        expect(page.status, `${path} ${accept}`).toBe(200);
        expect(page.text).toBe(indexHtml);
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(page.headers.get('cache-control')).toBe('no-cache');
      }
    }
  });

  it('answers 404 for a file the build does not have, unless a page is asked for', async () => {
    for (const path of ['/assets/index-00000000.js', '/missing.png', '/assets/']) {
      const missing = await get(path, { accept: '*/*' });
      expect(missing.status, path).toBe(path === '/assets/' ? 200 : 404);
      if (missing.status === 404) expect(missing.text).not.toContain('<div id="app">');
    }
    // A page asked for by name the app does not have is still the app: it says "not found".
    expect((await get('/missing.html', { accept: 'text/html' })).text).toBe(indexHtml);
  });

  it('is not the API outside /api: /units is a page of the app, and a POST is refused', async () => {
    const units = await get('/units', { authorization: `Bearer ${commune}`, accept: '*/*' });
    expect(units.status).toBe(200);
    expect(units.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(units.json).toBeUndefined();
    // `/apis` is not under /api either.
    expect((await get('/apis', { authorization: `Bearer ${commune}` })).text).toBe(indexHtml);

    const post = await fetch(`${site.origin}/obstacles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${commune}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('serves the manifest routes under /api, and answers there as the API does', async () => {
    const units = await get('/api/units', { authorization: `Bearer ${commune}` });
    expect(units.status).toBe(200);
    expect(units.headers.get('content-type')).toMatch(/^application\/json/);
    expect(units.json.items.map((u: { id: string }) => u.id)).toContain('nguyen-giap');

    const anonymous = await get('/api/units');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json');

    for (const path of ['/api', '/api/', '/api/nowhere', '/api/api/units']) {
      const none = await get(path, { authorization: `Bearer ${commune}` });
      expect(none.status, path).toBe(404);
      expect(none.json).toMatchObject({ type: 'urn:thaogo:problem:no-route', status: 404 });
      expect(none.json.detail).toContain(path);
    }
  });

  it('serves nothing outside the build, however the path is written', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/secret.txt%00.js',
      '/leak.txt',
      '/assets/up/secret.txt',
      '/.build-stamp',
      '/%2ebuild-stamp',
      '/%E0%A4%A',
    ]) {
      for (const accept of ['*/*', 'text/html']) {
        const answer = await raw(path, accept);
        expect(answer.body, path).not.toContain(secret);
        // Refused, or (a page asked for) the app's own page, which says what it does not have.
        if (answer.status === 200) expect(answer.body, `${path} ${accept}`).toBe(indexHtml);
        else expect([400, 404], `${path} ${accept}: ${answer.status}`).toContain(answer.status);
        if (accept === '*/*') expect(answer.status, path).toBe(404);
      }
    }
  });

  it('says the app is not built, and how to build it, while the API and config still answer', async () => {
    for (const path of ['/', '/obstacles/01JZ9SENG00000000000000005', '/favicon.svg']) {
      const page = await get(path, { accept: 'text/html' }, unbuilt);
      expect(page.status, path).toBe(503);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.text).toContain('npm run build:web');
    }
    expect((await get('/config.json', {}, unbuilt)).json).toEqual({ auth: 'local' });
    const health = await get('/api/health', { authorization: `Bearer ${commune}` }, unbuilt);
    expect(health.status).toBe(200);
  });
});

describe('/config.json', () => {
  it('tells the app to sign in with the local accounts, and is never cached', async () => {
    const config = await get('/config.json');
    expect(config.status).toBe(200);
    expect(config.json).toEqual({ auth: 'local' });
    expect(config.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(config.headers.get('cache-control')).toBe('no-cache');
    expectSiteHeaders(config.headers);
    const put = await fetch(`${site.origin}/config.json`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
  });
});

describe('local sign-in', () => {
  const accounts = async () => (await get('/local/accounts')).json.items as LocalAccount[];

  it("lists the demo accounts first, then one per seeded leader, office and unit, each role's in Vietnamese order", async () => {
    const listed = await get('/local/accounts');
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('no-store');
    const items = listed.json.items as LocalAccount[];
    expect(items.slice(0, 4).map((a) => [a.id, a.label])).toEqual(
      demoAccounts.map((a) => [a.id, a.label]),
    );
    expect(items.slice(0, 4).map((a) => a.id)).toEqual([
      'delegation-le-tien-chau',
      'city-office-van-phong-thanh-uy',
      'commune-nguyen-giap',
      'commune-an-phu',
    ]);
    const ids = items.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith('delegation-')).sort()).toEqual(
      leaders.map((l) => `delegation-${l.id}`).sort(),
    );
    expect(ids.filter((id) => id.startsWith('city-office-')).sort()).toEqual(
      orgs.map((o) => `city-office-${o.id}`).sort(),
    );
    expect(ids.filter((id) => id.startsWith('commune-')).sort()).toEqual(
      units.map((u) => `commune-${u.id}`).sort(),
    );
    const rest = items.slice(4);
    for (const role of ['delegation', 'city-office', 'commune']) {
      const labels = rest.filter((a) => a.role === role).map((a) => a.label);
      expect(labels.length, role).toBeGreaterThan(0);
      expect(labels, role).toEqual([...labels].sort(compareVietnamese));
    }
    // Roles in one order after the demo accounts: delegations, offices, communes.
    expect(rest.map((a) => a.role)).toEqual(
      [...rest].sort((a, b) => roleOrder(a.role) - roleOrder(b.role)).map((a) => a.role),
    );
    expect(items.find((a) => a.id === 'commune-ai-quoc')).toEqual({
      id: 'commune-ai-quoc',
      label: 'Phường Ái Quốc (UBND phường)',
      role: 'commune',
      name: 'UBND phường Ái Quốc',
      unitId: 'ai-quoc',
    });
    expect(items.find((a) => a.id === 'delegation-le-van-hieu')).toMatchObject({
      label: 'Đoàn kiểm tra — Lê Văn Hiệu',
      role: 'delegation',
      leaderIds: ['le-van-hieu'],
    });
    expect(items.find((a) => a.id === 'city-office-so-xay-dung')).toMatchObject({
      label: 'Sở Xây dựng',
      role: 'city-office',
      orgId: 'so-xay-dung',
    });
    // Nothing but what the contract lists: no subject, no token.
    for (const account of items) {
      expect(
        Object.keys(account).every((k) =>
          ['id', 'label', 'role', 'name', 'unitId', 'orgId', 'leaderIds'].includes(k),
        ),
        account.id,
      ).toBe(true);
    }
  });

  it('signs every listed account in with an hour-long token the API accepts', async () => {
    for (const account of await accounts()) {
      const signedIn = await fetch(`${site.origin}/local/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: account.id }),
      });
      expect(signedIn.status, account.id).toBe(200);
      expect(signedIn.headers.get('cache-control')).toBe('no-store');
      const { accessToken, expiresIn } = (await signedIn.json()) as {
        accessToken: string;
        expiresIn: number;
      };
      expect(expiresIn).toBe(3600);
      const claims = JSON.parse(
        Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
      );
      expect(claims.exp - claims.iat).toBe(3600);
      expect(claims['cognito:groups']).toEqual([account.role]);
      expect(claims.name).toBe(account.name);
      expect(claims['custom:unitId']).toBe(account.unitId);
      expect(claims['custom:orgId']).toBe(account.orgId);
      expect(claims['custom:leaderId']).toBe(account.leaderIds?.join(','));
      // The unit, office or leader it names is one the city has: the API serves it.
      const units = await get('/api/units', { authorization: `Bearer ${accessToken}` });
      expect(units.status, `${account.id}: ${units.text}`).toBe(200);
    }
  });

  it('answers 404 for an account it does not have, and 400 for a body that names none', async () => {
    const signIn = (body: string) =>
      fetch(`${site.origin}/local/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }).then(answerOf);
    const unknown = await signIn(JSON.stringify({ id: 'commune-atlantis' }));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(unknown.json).toMatchObject({ type: 'urn:thaogo:problem:not-found', status: 404 });
    for (const body of ['', 'not json', '{}', '{"id":42}', 'null', JSON.stringify({ id: '' })]) {
      const refused = await signIn(body);
      expect(refused.status, body).toBe(400);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await signIn(JSON.stringify({ id: 'x'.repeat(10_000) }))).status).toBe(413);
  });

  it('answers only its two endpoints, each for its own method', async () => {
    const getSignIn = await get('/local/sign-in');
    expect(getSignIn.status).toBe(405);
    expect(getSignIn.headers.get('allow')).toBe('POST');
    const postAccounts = await fetch(`${site.origin}/local/accounts`, { method: 'POST' });
    expect(postAccounts.status).toBe(405);
    expect(postAccounts.headers.get('allow')).toBe('GET, HEAD');
    const other = await get('/local/tokens');
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
  });
});

function roleOrder(role: string): number {
  return ['delegation', 'city-office', 'commune'].indexOf(role);
}
