import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseHeaders } from '#shared/schemas/contract.ts';
import { astToString, openapiTS } from '../openapi-client/index.ts';
import { apiUrl, asCommune, call } from './helpers.ts';
import { obstacleBody } from './obstacle-helpers.ts';

const repoRoot = resolve(import.meta.dirname, '../..');

// biome-ignore lint/suspicious/noExplicitAny: the served document is read as plain JSON
type Json = Record<string, any>;

/**
 * What a client author writes against the generated types. It is type-checked with the
 * project's compiler and then run against the API, so both the types and the wire agree.
 * `Declared` keeps only named keys: a header the document does not declare leaves the
 * generated type with its `[name: string]: unknown` index alone, and the check fails.
 */
const clientSource = `
import createClient from 'openapi-fetch';
import type { paths } from './api.ts';

type Declared<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] };
type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R
  : never;

type ObstacleHeaders = Ok<'/obstacles/{id}', 'get'>[200]['headers'];
type CreatedHeaders = Ok<'/obstacles', 'post'>[201]['headers'];
type CsvHeaders = Ok<'/obstacles/export.csv', 'get'>[200]['headers'];
type Csv = Ok<'/obstacles/export.csv', 'get'>[200]['content']['text/csv; charset=utf-8'];
export type ObstacleInput = NonNullable<
  paths['/obstacles']['post']['requestBody']
>['content']['application/json'];

const etag: Declared<ObstacleHeaders> = 'ETag';
const created: Declared<CreatedHeaders>[] = ['ETag', 'Location', 'Idempotent-Replayed'];
const rowCount: Declared<CsvHeaders> = 'X-Row-Count';

function client(baseUrl: string, token: string) {
  return createClient<paths>({ baseUrl, headers: { Authorization: \`Bearer \${token}\` } });
}

export async function report(baseUrl: string, token: string, body: ObstacleInput, key: string) {
  const { data, error, response } = await client(baseUrl, token).POST('/obstacles', {
    body,
    params: { header: { 'Idempotency-Key': key } },
  });
  if (error || !data) throw new Error(\`report: \${response.status} \${JSON.stringify(error)}\`);
  return {
    id: data.id,
    version: data.version,
    status: response.status,
    headers: Object.fromEntries(created.map((name) => [name, response.headers.get(name)])),
  };
}

export async function read(baseUrl: string, token: string, id: string) {
  const { data, error, response } = await client(baseUrl, token).GET('/obstacles/{id}', {
    params: { path: { id } },
  });
  if (error || !data) throw new Error(\`read: \${response.status} \${JSON.stringify(error)}\`);
  return { id: data.id, version: data.version, etag: response.headers.get(etag) };
}

export async function download(baseUrl: string, token: string, unitId: string) {
  const { data, error, response } = await client(baseUrl, token).GET('/obstacles/export.csv', {
    params: { query: { unitId } },
    parseAs: 'text',
  });
  if (error || data === undefined) throw new Error(\`export: \${response.status}\`);
  const csv: Csv = data;
  return {
    csv,
    contentType: response.headers.get('Content-Type'),
    rows: Number(response.headers.get(rowCount)),
  };
}
`;

interface GeneratedClient {
  report(
    baseUrl: string,
    token: string,
    body: object,
    key: string,
  ): Promise<{
    id: string;
    version: number;
    status: number;
    headers: Record<string, string | null>;
  }>;
  read(
    baseUrl: string,
    token: string,
    id: string,
  ): Promise<{ id: string; version: number; etag: string | null }>;
  download(
    baseUrl: string,
    token: string,
    unitId: string,
  ): Promise<{ csv: string; contentType: string | null; rows: number }>;
}

let token: string;
let served: Json;
let dir: string;

beforeAll(async () => {
  token = await asCommune('nguyen-giap');
  const document = await call('/openapi.json', { token });
  expect(document.status).toBe(200);
  served = document.json;
  // Inside the repository, so the client resolves openapi-fetch as an application would.
  await mkdir(join(repoRoot, '.data'), { recursive: true });
  dir = await mkdtemp(join(repoRoot, '.data', 'openapi-client-'));
  await writeFile(join(dir, 'api.ts'), astToString(await openapiTS(document.text)));
  await writeFile(join(dir, 'client.ts'), clientSource);
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: join(repoRoot, 'tsconfig.json'), files: ['client.ts'], include: [] }),
  );
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Headers of the catalogue the response carries that its operation does not declare. */
function undeclared(path: string, method: string, status: number, headers: Headers) {
  const declared = served.paths[path][method].responses[String(status)]?.headers ?? {};
  return Object.keys(responseHeaders).filter((name) => headers.has(name) && !(name in declared));
}

describe('a client generated from /openapi.json (openapi-typescript + openapi-fetch)', () => {
  it('R6: type-checks with the project’s compiler, response headers and CSV included', async () => {
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const outcome = await promisify(execFile)(
      process.execPath,
      [tsc, '--noEmit', '-p', join(dir, 'tsconfig.json')],
      { cwd: dir, timeout: 120_000 },
    ).then(
      () => '',
      (error: { stdout?: string; message: string }) => error.stdout || error.message,
    );
    expect(outcome).toBe('');
  }, 150_000);

  it('R6: reads the ETag, Location and replay headers and downloads the CSV as text', async () => {
    const client = (await import(join(dir, 'client.ts'))) as GeneratedClient;
    const body = obstacleBody();
    const key = randomUUID();

    const first = await client.report(apiUrl, token, body, key);
    expect(first.status).toBe(201);
    expect(first.headers.ETag).toBe(`"${first.version}"`);
    expect(first.headers.Location).toBe(`/obstacles/${first.id}`);
    expect(first.headers['Idempotent-Replayed']).toBeNull();
    const replay = await client.report(apiUrl, token, body, key);
    expect(replay).toMatchObject({ id: first.id, status: 201 });
    expect(replay.headers['Idempotent-Replayed']).toBe('true');

    const read = await client.read(apiUrl, token, first.id);
    expect(read.id).toBe(first.id);
    expect(read.etag).toBe(`"${read.version}"`);

    const file = await client.download(apiUrl, token, 'nguyen-giap');
    expect(file.contentType).toMatch(/^text\/csv/);
    const lines = file.csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
    expect(lines.length - 1).toBe(file.rows);
    expect(file.csv).toContain(body.title);
  });

  it('R6: every header of the catalogue a response carries is declared on that response', async () => {
    const created = await call('/obstacles', {
      token,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(obstacleBody()),
    });
    const id = created.json.id as string;
    const seen = [
      ['/obstacles', 'post', created] as const,
      ['/obstacles/{id}', 'get', await call(`/obstacles/${id}`, { token })] as const,
      ['/obstacles/export.csv', 'get', await call('/obstacles/export.csv', { token })] as const,
      ['/tasks/export.csv', 'get', await call('/tasks/export.csv', { token })] as const,
      ['/units', 'get', await call('/units')] as const,
    ];
    for (const [path, method, result] of seen) {
      expect(undeclared(path, method, result.status, result.headers), `${method} ${path}`).toEqual(
        [],
      );
    }
    expect(seen.map(([, , result]) => result.status)).toEqual([201, 200, 200, 200, 401]);
  });
});
