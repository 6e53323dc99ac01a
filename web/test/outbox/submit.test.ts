import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, useTokenSource } from '../../src/lib/api.ts';
import { outbox, submit } from '../../src/lib/outbox/index.ts';

// happy-dom has no IndexedDB: the outbox falls back to memory, the same code path otherwise.
const original = globalThis.fetch;
let answers: (number | 'down')[] = [];
let calls = 0;

beforeEach(async () => {
  useTokenSource({ token: async () => 'token', rejected: () => undefined });
  await outbox.clear();
  answers = [];
  calls = 0;
  globalThis.fetch = (async () => {
    calls += 1;
    const status = answers.shift() ?? 201;
    if (status === 'down') throw new TypeError('Failed to fetch');
    const body =
      status < 300
        ? { id: 'OBS-1' }
        : {
            type: 'about:blank',
            title: 'Bad request',
            status,
            errors: [{ field: 'body.title', message: 'Bắt buộc' }],
          };
    return new Response(JSON.stringify(body), { status });
  }) as typeof fetch;
});

afterEach(() => {
  globalThis.fetch = original;
  Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
});

const report = { kind: 'obstacle', path: '/obstacles', method: 'POST' as const, label: 'Báo cáo' };

describe('a screen sending through the outbox', () => {
  it('waits for the 2xx and gives the created item', async () => {
    const reply = await submit<{ id: string }>({ ...report, body: { title: 'x' } });
    expect(reply).toEqual({ sent: true, data: { id: 'OBS-1' }, etag: undefined });
    expect(outbox.entries.filter((e) => e.state !== 'sent')).toEqual([]);
  });

  it('with no answer keeps the change on the phone, queued, and says it was not sent', async () => {
    answers = ['down'];
    expect(await submit({ ...report, body: { title: 'x' } })).toEqual({ sent: false });
    expect(outbox.entries).toEqual([expect.objectContaining({ state: 'queued', attempts: 1 })]);
  });

  it('offline saves without trying the network', async () => {
    Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
    expect(await submit({ ...report, body: { title: 'x' } })).toEqual({ sent: false });
    expect(calls).toBe(0);
    expect(outbox.entries).toEqual([expect.objectContaining({ state: 'queued', attempts: 0 })]);
  });

  it('hands a refusal to the screen with its fields, and keeps nothing in the outbox', async () => {
    answers = [400];
    const error = await submit({ ...report, body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).fields).toEqual({ 'body.title': 'Bắt buộc' });
    expect(outbox.entries).toEqual([]);
  });

  it('a finding discarded takes the photos waiting on it, and only those', async () => {
    const photo = {
      kind: 'attachment',
      path: '/visits/V1/findings/{dependsOn}/attachments',
      method: 'POST' as const,
      label: 'Ảnh',
      upload: { blob: new Blob(['x']), fileName: 'a.jpg', contentType: 'image/jpeg' },
    };
    const finding = {
      kind: 'finding',
      path: '/visits/V1/findings',
      method: 'POST' as const,
      label: 'Ghi nhận',
    };
    // No network: no pass runs meanwhile, so what is discarded is all there is.
    Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
    const kept = await outbox.enqueue({ ...finding, body: { text: 'x' } });
    const other = await outbox.enqueue({ ...finding, body: { text: 'y' } });
    for (const p of [photo, photo]) await outbox.enqueue({ ...p, dependsOn: kept.id });
    await outbox.enqueue({ ...photo, dependsOn: other.id });
    await outbox.discard(kept.id);
    expect(outbox.entries.map((e) => e.dependsOn ?? e.id)).toEqual([other.id, other.id]);
  });

  it('hands a 401 to the screen too (the sign-in dialog keeps the form), keeping nothing', async () => {
    answers = [401];
    const error = await submit({ ...report, body: {} }).catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(401);
    expect(outbox.entries).toEqual([]);
  });
});
