/**
 * The local S3 endpoint enforces the POST policy the real bucket would: each violation is
 * refused as S3 refuses it, and nothing is stored; the form the functions make passes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalS3, type LocalS3Options } from '#infra/local/s3-endpoint.ts';
import { createS3UploadStore } from '#shared/store/uploads.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'thaogo-s3-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const credentials = { accessKeyId: 'local', secretAccessKey: 'the-local-secret-of-this-test' };
const region = 'ap-southeast-1';
const bucket = 'thaogo-test-uploads';
let clock = new Date();
const options: LocalS3Options = { dataDir, bucket, region, credentials, now: () => clock };
const serve = createLocalS3(options);

// The functions' HeadObject goes over HTTP: a plain server in front of the endpoint.
const server = createServer(async (request, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  const body = chunks.length ? new Uint8Array(Buffer.concat(chunks)) : undefined;
  const answer = await serve(
    new Request(`http://${request.headers.host}${request.url}`, {
      method: request.method,
      headers,
      body: request.method === 'POST' || request.method === 'PUT' ? body : undefined,
    }),
  );
  response.writeHead(answer.status, {
    ...answer.headers,
    'content-length': answer.body.byteLength,
  });
  response.end(request.method === 'HEAD' ? undefined : answer.body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = (secretAccessKey = credentials.secretAccessKey) =>
  new S3Client({
    endpoint: `${origin}/local/s3`,
    forcePathStyle: true,
    region,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey },
  });
const uploads = createS3UploadStore(client(), bucket);

const prefix = 'attachments/obstacle/01JZ0000000000000000000001/01JZ0000000000000000000002/';

async function formFor(key = `${prefix}mai-nha.jpg`, contentType = 'image/jpeg', store = uploads) {
  return store.presignUpload({
    key,
    contentType,
    maxBytes: 5 * 1024 * 1024,
    expiresInSeconds: 600,
    meta: { uploader: 'c-ng' },
  });
}

function post(
  form: { url: string; fields: Record<string, string> },
  file: { bytes: number; type?: string },
  override: Record<string, string> = {},
) {
  const body = new FormData();
  for (const [name, value] of Object.entries({ ...form.fields, ...override })) {
    body.append(name, value);
  }
  body.append(
    'file',
    new Blob([new Uint8Array(file.bytes).fill(7)], { type: file.type ?? 'image/jpeg' }),
    'a.jpg',
  );
  return serve(new Request(form.url, { method: 'POST', body }));
}

const codeOf = (answer: { body: Buffer }) =>
  /<Code>([^<]+)<\/Code>/.exec(answer.body.toString())?.[1];

function storedFiles(): string[] {
  const root = join(dataDir, 'uploads', bucket);
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1));
  } catch {
    return [];
  }
}

describe('the local S3 endpoint: a POST upload under its policy', () => {
  it('posts to the bucket under /local/s3 on the app origin, path style', async () => {
    const form = await formFor();
    expect(form.url).toBe(`${origin}/local/s3/${bucket}`);
    expect(form.fields).toMatchObject({
      key: `${prefix}mai-nha.jpg`,
      'Content-Type': 'image/jpeg',
    });
  });

  it('refuses an expired policy (403 AccessDenied), storing nothing', async () => {
    const form = await formFor();
    clock = new Date(Date.now() + 11 * 60 * 1000);
    try {
      const answer = await post(form, { bytes: 100 });
      expect(answer.status).toBe(403);
      expect(codeOf(answer)).toBe('AccessDenied');
      expect(answer.body.toString()).toContain('Policy expired');
    } finally {
      clock = new Date();
    }
    expect(storedFiles()).toEqual([]);
  });

  it('refuses a key outside the one the policy names (403 AccessDenied)', async () => {
    const form = await formFor();
    const answer = await post(
      form,
      { bytes: 100 },
      {
        key: 'attachments/obstacle/01JZ0000000000000000000009/other/mai-nha.jpg',
      },
    );
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('AccessDenied');
    expect(answer.body.toString()).toContain('$key');
    expect(storedFiles()).toEqual([]);
  });

  it('refuses a file over the policy’s content-length-range (400 EntityTooLarge)', async () => {
    const form = await formFor();
    const answer = await post(form, { bytes: 5 * 1024 * 1024 + 1 });
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('EntityTooLarge');
    expect(storedFiles()).toEqual([]);
  });

  it('refuses an empty file (400 EntityTooSmall)', async () => {
    const answer = await post(await formFor(), { bytes: 0 });
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('EntityTooSmall');
  });

  it('refuses a content type other than the policy’s (403 AccessDenied)', async () => {
    const form = await formFor();
    const answer = await post(
      form,
      { bytes: 100, type: 'text/html' },
      { 'Content-Type': 'text/html' },
    );
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('AccessDenied');
    expect(answer.body.toString()).toContain('$content-type');
    expect(storedFiles()).toEqual([]);
  });

  it('refuses a form signed with another secret (403 SignatureDoesNotMatch)', async () => {
    const forged = await formFor(
      undefined,
      undefined,
      createS3UploadStore(client('not-the-secret'), bucket),
    );
    const answer = await post(forged, { bytes: 100 });
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('SignatureDoesNotMatch');
    expect(storedFiles()).toEqual([]);
  });

  it('refuses a policy edited after signing (403 SignatureDoesNotMatch)', async () => {
    const form = await formFor();
    const policy = JSON.parse(Buffer.from(form.fields.Policy as string, 'base64').toString());
    policy.conditions.push(['content-length-range', 1, 50 * 1024 * 1024]);
    const answer = await post(
      form,
      { bytes: 100 },
      {
        Policy: Buffer.from(JSON.stringify(policy)).toString('base64'),
      },
    );
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('SignatureDoesNotMatch');
  });

  it('refuses an upload that drops the unregistered tag the lifecycle reads (403 AccessDenied)', async () => {
    const answer = await post(
      await formFor(),
      { bytes: 100 },
      {
        tagging:
          '<Tagging><TagSet><Tag><Key>registered</Key><Value>true</Value></Tag></TagSet></Tagging>',
      },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.toString()).toContain('$tagging');
    expect(storedFiles()).toEqual([]);
  });

  it('refuses a form field no condition names (403 AccessDenied)', async () => {
    const answer = await post(await formFor(), { bytes: 100 }, { 'x-amz-meta-uploader-2': 'x' });
    expect(answer.status).toBe(403);
    expect(answer.body.toString()).toContain('Extra input fields');
  });

  it('accepts the form as made, stores the file with its type and metadata, and heads and serves it signed', async () => {
    const key = `${prefix}mai-nha.jpg`;
    const answer = await post(await formFor(key), { bytes: 1234 });
    expect(answer.status, answer.body.toString()).toBe(204);
    expect(storedFiles()).toEqual([key]);

    expect(await uploads.head(key)).toEqual({
      size: 1234,
      contentType: 'image/jpeg',
      meta: { uploader: 'c-ng' },
    });
    expect(await uploads.head(`${prefix}none.jpg`)).toBeUndefined();

    // Tagged unregistered by the policy, until registration retags it.
    const sidecar = () =>
      JSON.parse(readFileSync(join(dataDir, 'uploads', '.meta', bucket, `${key}.json`), 'utf8'));
    expect(sidecar().tags).toEqual({ registered: 'false' });
    await uploads.markRegistered(key);
    expect(sidecar().tags).toEqual({ registered: 'true' });

    const url = await uploads.presignRead(key, {
      expiresInSeconds: 300,
      fileName: 'Mái nhà.jpg',
      contentType: 'image/jpeg',
    });
    const read = await serve(new Request(url, { headers: { host: new URL(url).host } }));
    expect(read.status, read.body.toString()).toBe(200);
    expect(read.body.byteLength).toBe(1234);
    expect(read.headers['Content-Type']).toBe('image/jpeg');
    expect(read.headers['Content-Disposition']).toContain(
      "filename*=UTF-8''M%C3%A1i%20nh%C3%A0.jpg",
    );
  });

  it('refuses a presigned GET once it expired, or with its signature or key changed', async () => {
    const key = `${prefix}mai-nha.jpg`;
    const url = new URL(
      await uploads.presignRead(key, {
        expiresInSeconds: 300,
        fileName: 'a.jpg',
        contentType: 'image/jpeg',
      }),
    );
    const get = (target: URL) => serve(new Request(target, { headers: { host: target.host } }));

    clock = new Date(Date.now() + 6 * 60 * 1000);
    try {
      const late = await get(url);
      expect(late.status).toBe(403);
      expect(late.body.toString()).toContain('Request has expired');
    } finally {
      clock = new Date();
    }

    const forged = new URL(url);
    forged.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    expect(codeOf(await get(forged))).toBe('SignatureDoesNotMatch');

    const otherKey = new URL(url);
    otherKey.pathname = otherKey.pathname.replace('mai-nha.jpg', 'khac.jpg');
    expect(codeOf(await get(otherKey))).toBe('SignatureDoesNotMatch');

    const unsigned = new URL(url);
    unsigned.search = '';
    expect((await get(unsigned)).status).toBe(403);
  });
});
