/**
 * Photos in the outbox: a file goes to the bucket once, is registered once, and waits for
 * the item it belongs to; a cut connection, an expired grant and a refused file each end
 * where the user can see them. A fake clock, a fake API and a fake bucket.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../../src/lib/api.ts';
import { drainOnce, drainUntilSettled, grantMarginMs } from '../../src/lib/outbox/drain.ts';
import { memoryStore } from '../../src/lib/outbox/memory-store.ts';
import {
  type FileSender,
  type OutboxEntry,
  type Send,
  type SendRequest,
  UploadError,
  type UploadGrant,
} from '../../src/lib/outbox/types.ts';
import { entry } from './entries.ts';

let clock = 0;
const now = () => clock;
const sleep = async (ms: number) => {
  clock += ms;
};

beforeEach(() => {
  clock = Date.parse('2025-07-04T02:00:00Z');
});

const photo = new Blob([new Uint8Array(1234)], { type: 'image/jpeg' });

function fileEntry(id: string, over: Partial<OutboxEntry> = {}): OutboxEntry {
  return entry(id, {
    kind: 'attachment',
    path: '/obstacles/OBS-1/attachments',
    body: undefined,
    owner: 'sub-an-phu',
    upload: { blob: photo, fileName: 'phong-hop.jpg', contentType: 'image/jpeg' },
    ...over,
  });
}

/**
 * A bucket and an API that keep what they were given: grants issued, files held by key,
 * registrations by Idempotency-Key. `cut` names calls that get no answer ('upload' cuts the
 * connection after the bucket stored the file, 'upload-before' before it did).
 */
function world(options: { cut?: string[]; bucketStatus?: number[] } = {}) {
  const cut = [...(options.cut ?? [])];
  const bucketStatus = [...(options.bucketStatus ?? [])];
  const grants: UploadGrant[] = [];
  const held = new Map<string, number>();
  const posts: string[] = [];
  const registered = new Map<string, unknown>();
  const requests: SendRequest[] = [];
  const files: FileSender = {
    async grant(itemPath, file) {
      if (cut[0] === 'grant') {
        cut.shift();
        throw new NetworkError();
      }
      const n = grants.length + 1;
      const grant: UploadGrant = {
        uploadId: `UP-${n}`,
        url: 'https://bucket.example/',
        fields: { key: `attachments${itemPath}/UP-${n}/${file.fileName}` },
        key: `attachments${itemPath}/UP-${n}/${file.fileName}`,
        expiresAt: new Date(clock + 10 * 60_000).toISOString(),
        maxBytes: 5 * 1024 * 1024,
      };
      grants.push(grant);
      return grant;
    },
    async upload(grant, blob) {
      posts.push(grant.key);
      if (cut[0] === 'upload-before') {
        cut.shift();
        throw new TypeError('Failed to fetch');
      }
      const status = bucketStatus.shift() ?? 204;
      if (status >= 300) throw new UploadError(status);
      if (Date.parse(grant.expiresAt) < clock) throw new UploadError(403);
      held.set(grant.key, blob.size);
      if (cut[0] === 'upload') {
        cut.shift();
        throw new TypeError('Failed to fetch');
      }
    },
  };
  const send: Send = async (request) => {
    requests.push(request);
    const body = request.body as { key?: string; uploadId?: string } | undefined;
    if (request.path.endsWith('/attachments')) {
      const replay = registered.get(request.idempotencyKey);
      if (replay) return { status: 201, data: replay };
      if (!body?.key || !held.has(body.key)) {
        throw new ApiError(400, {
          type: 'about:blank',
          title: 'Validation failed',
          status: 400,
          errors: [{ field: 'body.key', message: 'No file was uploaded under this key' }],
        });
      }
      const attachment = { id: body.uploadId, key: body.key };
      registered.set(request.idempotencyKey, attachment);
      return { status: 201, data: attachment };
    }
    return { status: 201, data: { id: request.path.startsWith('/visits') ? 'F-1' : 'OBS-9' } };
  };
  return { files, send, grants, held, posts, registered, requests };
}

const deps = (w: ReturnType<typeof world>, store: ReturnType<typeof memoryStore>) => ({
  store,
  send: w.send,
  files: w.files,
  owner: 'sub-an-phu',
  now,
  sleep,
});

describe('a photo in the outbox', () => {
  it('asks for a grant, sends the file to the bucket, then registers it with its key: sent', async () => {
    const w = world();
    const store = memoryStore([fileEntry('p')]);
    const result = await drainOnce(deps(w, store));
    expect(result.attempts).toEqual([['p', 'sent']]);
    expect(w.posts).toEqual(['attachments/obstacles/OBS-1/UP-1/phong-hop.jpg']);
    expect(w.requests.map(({ ifMatch: _, ...r }) => r)).toEqual([
      {
        method: 'POST',
        path: '/obstacles/OBS-1/attachments',
        idempotencyKey: 'key-p',
        body: {
          uploadId: 'UP-1',
          key: 'attachments/obstacles/OBS-1/UP-1/phong-hop.jpg',
          fileName: 'phong-hop.jpg',
          contentType: 'image/jpeg',
          size: 1234,
        },
      },
    ]);
    expect(await store.get('p')).toMatchObject({
      state: 'sent',
      upload: { uploaded: true },
      response: { id: 'UP-1' },
    });
  });

  it('after a connection cut once the bucket had the file, registers it without sending it again', async () => {
    const w = world({ cut: ['upload'] });
    const store = memoryStore([fileEntry('p')]);
    const first = await drainOnce(deps(w, store));
    expect(first.stopped).toBe('offline');
    expect(await store.get('p')).toMatchObject({
      state: 'queued',
      upload: { tried: true, grant: { uploadId: 'UP-1' } },
    });
    await drainUntilSettled(deps(w, store));
    expect(w.posts).toHaveLength(1);
    expect(w.grants).toHaveLength(1);
    expect(w.registered.size).toBe(1);
    expect(await store.get('p')).toMatchObject({ state: 'sent' });
  });

  it('after a connection cut before the bucket had it, sends it again on the same grant, once', async () => {
    const w = world({ cut: ['upload-before'] });
    const store = memoryStore([fileEntry('p')]);
    await drainUntilSettled(deps(w, store));
    expect(w.posts).toEqual([
      'attachments/obstacles/OBS-1/UP-1/phong-hop.jpg',
      'attachments/obstacles/OBS-1/UP-1/phong-hop.jpg',
    ]);
    expect(w.grants).toHaveLength(1);
    expect(w.registered.size).toBe(1);
    expect(await store.get('p')).toMatchObject({ state: 'sent' });
  });

  it('never sends again a file the bucket took, though the registration backs off', async () => {
    const w = world();
    let registrations = 0;
    const send: Send = async (request) => {
      registrations += 1;
      if (registrations === 1)
        throw new ApiError(503, { type: 'about:blank', title: 'Busy', status: 503 });
      return w.send(request);
    };
    const store = memoryStore([fileEntry('p')]);
    await drainUntilSettled({ ...deps(w, store), send });
    expect(w.posts).toHaveLength(1);
    expect(registrations).toBe(2);
    expect(await store.get('p')).toMatchObject({ state: 'sent', upload: { uploaded: true } });
  });

  it('asks for a new grant when the kept one is about to expire, and when the bucket refuses it (403)', async () => {
    const w = world({ cut: ['upload-before'], bucketStatus: [403] });
    const store = memoryStore([fileEntry('p')]);
    await drainOnce(deps(w, store));
    // The phone stays offline past the grant's ten minutes.
    clock += 10 * 60_000 - grantMarginMs + 1;
    const waiting = await store.get('p');
    if (waiting) await store.put({ ...waiting, nextAttemptAt: 0 });
    await drainUntilSettled(deps(w, store));
    expect(w.grants.map((g) => g.uploadId)).toEqual(['UP-1', 'UP-2', 'UP-3']);
    expect(w.registered.size).toBe(1);
    expect(await store.get('p')).toMatchObject({ state: 'sent', response: { id: 'UP-3' } });
  });

  it('keeps a file the bucket refuses for itself (too big), with the problem, and sends it no more', async () => {
    const w = world({ bucketStatus: [400] });
    const store = memoryStore([fileEntry('p')]);
    await drainUntilSettled(deps(w, store));
    expect(w.posts).toHaveLength(1);
    expect(await store.get('p')).toMatchObject({
      state: 'refused',
      problem: { status: 400, detail: 'Máy chủ lưu trữ không nhận tệp này (400).' },
    });
  });

  it('waits for the finding it belongs to, then goes onto the id the server gave it', async () => {
    const w = world();
    const finding: OutboxEntry = {
      ...fileEntry('f'),
      kind: 'finding',
      path: '/visits/V-1/findings',
      body: { kind: 'concern', text: 'Phòng họp dột' },
      upload: undefined,
      createdAt: 0,
    };
    const store = memoryStore([
      fileEntry('p', {
        path: '/visits/V-1/findings/{dependsOn}/attachments',
        dependsOn: 'f',
        createdAt: 1,
      }),
      finding,
    ]);
    const result = await drainOnce(deps(w, store));
    expect(result.attempts).toEqual([
      ['f', 'sent'],
      ['p', 'sent'],
    ]);
    expect(w.posts).toEqual(['attachments/visits/V-1/findings/F-1/UP-1/phong-hop.jpg']);
  });

  it('sends a proposal only after the photo taken before it on the same obstacle', async () => {
    const w = world({ cut: ['upload-before'] });
    const proposal: OutboxEntry = {
      ...fileEntry('t'),
      kind: 'transition',
      path: '/obstacles/OBS-1/transitions',
      body: { action: 'propose_resolution' },
      upload: undefined,
      createdAt: 5,
    };
    const store = memoryStore([fileEntry('p', { createdAt: 1 }), proposal]);
    const first = await drainOnce(deps(w, store));
    expect(first.attempts).toEqual([['p', 'offline']]);
    const after = await drainUntilSettled(deps(w, store));
    expect(after.attempts.map(([id]) => id)).toEqual(['p', 't']);
    // The photo's registration is tried first (the cut POST might have reached the bucket),
    // refused for want of the file, then made after the file is sent; the proposal last.
    expect(w.requests.map((r) => r.path)).toEqual([
      '/obstacles/OBS-1/attachments',
      '/obstacles/OBS-1/attachments',
      '/obstacles/OBS-1/transitions',
    ]);
  });

  it("sends only the signed-in user's entries; another user's wait, untouched", async () => {
    const w = world();
    const store = memoryStore([fileEntry('mine'), fileEntry('theirs', { owner: 'sub-ai-quoc' })]);
    const result = await drainUntilSettled(deps(w, store));
    expect(result.attempts).toEqual([['mine', 'sent']]);
    expect(await store.get('theirs')).toMatchObject({ state: 'queued', attempts: 0 });
  });
});
