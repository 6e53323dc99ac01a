import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, NetworkError, useTokenSource } from '../../src/lib/api.ts';
import { backoffMs, drainOnce, drainUntilSettled, recover } from '../../src/lib/outbox/drain.ts';
import { memoryStore } from '../../src/lib/outbox/memory-store.ts';
import { apiSend } from '../../src/lib/outbox/send.ts';
import type { Send, SendRequest } from '../../src/lib/outbox/types.ts';
import { entry } from './entries.ts';

let clock = 0;
const now = () => clock;
const sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
  clock += ms;
};

const problem = (status: number, title = 'Refused') => ({ type: 'about:blank', title, status });

/** A fake network: answers in turn, each a status (or 'down' for no answer at all). */
function network(answers: (number | 'down')[], data: (r: SendRequest) => unknown = () => ({})) {
  const seen: SendRequest[] = [];
  const send: Send = async (request) => {
    seen.push(request);
    const answer = answers.shift() ?? 201;
    if (answer === 'down') throw new NetworkError();
    if (answer >= 400) throw new ApiError(answer, problem(answer));
    return { status: answer, data: data(request), etag: '"v1"' };
  };
  return { send, seen };
}

beforeEach(() => {
  clock = 1_000_000;
  sleeps.length = 0;
});

describe('the outbox drain', () => {
  it('sends a queued entry and keeps the 2xx answer: sent, with the created id', async () => {
    const store = memoryStore([entry('a')]);
    const net = network([201], () => ({ id: 'OBS-1' }));
    const result = await drainOnce({ store, send: net.send, now });
    expect(result.attempts).toEqual([['a', 'sent']]);
    const a = await store.get('a');
    expect(a).toMatchObject({
      state: 'sent',
      attempts: 1,
      response: { id: 'OBS-1' },
      etag: '"v1"',
    });
    expect(a?.sentAt).toBe(clock);
    expect(net.seen[0]).toMatchObject({ method: 'POST', path: '/obstacles', body: { title: 'a' } });
  });

  it('marks the entry sending while its request is out', async () => {
    const store = memoryStore([entry('a')]);
    let during: string | undefined;
    await drainOnce({
      store,
      now,
      send: async () => {
        during = (await store.get('a'))?.state;
        return { status: 201, data: {} };
      },
    });
    expect(during).toBe('sending');
  });

  it('keeps a 4xx refusal with its problem, and a 412 as a conflict; neither is sent again', async () => {
    const store = memoryStore([
      entry('a', { path: '/tasks/T1/comments' }),
      entry('b', { path: '/tasks/T2/start', ifMatch: '"3"' }),
    ]);
    const net = network([400, 412]);
    await drainOnce({ store, send: net.send, now });
    expect(await store.get('a')).toMatchObject({ state: 'refused', problem: { status: 400 } });
    expect(await store.get('b')).toMatchObject({ state: 'conflict', problem: { status: 412 } });
    expect(net.seen[1]?.ifMatch).toBe('"3"');
    const again = await drainUntilSettled({ store, send: net.send, now, sleep });
    expect(again.attempts).toEqual([]);
    expect(net.seen).toHaveLength(2);
  });

  it('backs off 2, 4, 8 s on no answer, 5xx and 429, then sends with the same Idempotency-Key', async () => {
    const store = memoryStore([entry('a')]);
    const net = network(['down', 503, 429, 201]);
    const result = await drainUntilSettled({ store, send: net.send, now, sleep });
    expect(result.attempts.map(([, o]) => o)).toEqual(['offline', 'retry', 'retry', 'sent']);
    expect(sleeps).toEqual([2000, 4000, 8000]);
    expect(net.seen.map((r) => r.idempotencyKey)).toEqual(['key-a', 'key-a', 'key-a', 'key-a']);
    expect(await store.get('a')).toMatchObject({ state: 'sent', attempts: 4 });
  });

  it('waits no more than 5 minutes between attempts', () => {
    expect(backoffMs(1)).toBe(2000);
    expect(backoffMs(8)).toBe(256_000);
    expect(backoffMs(9)).toBe(300_000);
    expect(backoffMs(30)).toBe(300_000);
  });

  it('does not send an entry before it is due', async () => {
    const store = memoryStore([entry('a', { nextAttemptAt: clock + 5000 })]);
    const net = network([201]);
    expect((await drainOnce({ store, send: net.send, now })).attempts).toEqual([]);
    clock += 5000;
    expect((await drainOnce({ store, send: net.send, now })).attempts).toEqual([['a', 'sent']]);
  });

  it('stops at no answer: the entries after it wait for the network too', async () => {
    const store = memoryStore([entry('a'), entry('b', { createdAt: 1, path: '/visits' })]);
    const net = network(['down']);
    const result = await drainOnce({ store, send: net.send, now });
    expect(result).toEqual({ attempts: [['a', 'offline']], stopped: 'offline' });
    expect(await store.get('b')).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('sends a finding after its visit, to the id the server gave the visit', async () => {
    // Created in the reverse order on purpose: the dependency decides, not the clock.
    const store = memoryStore([
      entry('finding', {
        kind: 'finding',
        path: '/visits/{dependsOn}/findings',
        dependsOn: 'visit',
        createdAt: 0,
      }),
      entry('visit', { kind: 'visit', path: '/visits', createdAt: 5 }),
    ]);
    const net = network([201, 201], (r) => ({ id: r.path === '/visits' ? 'VIS-9' : 'FND-1' }));
    const result = await drainUntilSettled({ store, send: net.send, now, sleep });
    expect(result.attempts).toEqual([
      ['visit', 'sent'],
      ['finding', 'sent'],
    ]);
    expect(net.seen.map((r) => r.path)).toEqual(['/visits', '/visits/VIS-9/findings']);
  });

  it('holds an entry while the one it depends on is refused', async () => {
    const store = memoryStore([
      entry('visit', { path: '/visits' }),
      entry('finding', { path: '/visits/{dependsOn}/findings', dependsOn: 'visit', createdAt: 1 }),
    ]);
    const net = network([400]);
    await drainUntilSettled({ store, send: net.send, now, sleep });
    expect(net.seen).toHaveLength(1);
    expect(await store.get('finding')).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('sends changes to one path in the order they were made, even while the first backs off', async () => {
    const store = memoryStore([
      entry('second', { path: '/tasks/T1/comments', createdAt: 2 }),
      entry('first', { path: '/tasks/T1/comments', createdAt: 1 }),
      entry('other', { path: '/tasks/T2/comments', createdAt: 3 }),
    ]);
    const net = network([503, 201, 201, 201], (r) => r.body);
    const result = await drainUntilSettled({ store, send: net.send, now, sleep });
    expect(result.attempts).toEqual([
      ['first', 'retry'],
      ['other', 'sent'],
      ['first', 'sent'],
      ['second', 'sent'],
    ]);
  });

  it('leaves the entry queued on a 401, uncounted, and asks for a sign-in', async () => {
    const store = memoryStore([entry('a')]);
    const net = network([401]);
    let asked = 0;
    const result = await drainOnce({ store, send: net.send, now, unauthorized: () => asked++ });
    expect(result.stopped).toBe('unauthorized');
    expect(asked).toBe(1);
    expect(await store.get('a')).toMatchObject({ state: 'queued', attempts: 0 });
    const after = await drainOnce({ store, send: net.send, now });
    expect(after.attempts).toEqual([['a', 'sent']]);
  });

  it('retries a 409 that says the same key is still in progress, refuses any other 409', async () => {
    const store = memoryStore([entry('a'), entry('b', { path: '/visits', createdAt: 1 })]);
    const answers = [
      new ApiError(409, problem(409, 'Request in progress')),
      new ApiError(409, problem(409, 'Too many photos')),
    ];
    const send: Send = async () => {
      const next = answers.shift();
      if (next) throw next;
      return { status: 201, data: {} };
    };
    await drainOnce({ store, send, now });
    expect(await store.get('a')).toMatchObject({ state: 'queued', attempts: 1 });
    expect(await store.get('b')).toMatchObject({ state: 'refused' });
  });

  it('puts an entry a closed page left sending back in the queue, and sends it again with its key', async () => {
    const store = memoryStore([
      entry('a', { state: 'sending', attempts: 1 }),
      entry('b', { state: 'sent' }),
    ]);
    expect(await recover(store)).toBe(1);
    expect(await store.get('a')).toMatchObject({ state: 'queued', attempts: 1 });
    const net = network([201]);
    await drainOnce({ store, send: net.send, now });
    expect(net.seen).toEqual([expect.objectContaining({ idempotencyKey: 'key-a' })]);
    expect(await store.get('b')).toMatchObject({ state: 'sent' });
  });
});

describe('the outbox through the API client', () => {
  it('asks the token source for a fresh token on every attempt and sends the same Idempotency-Key', async () => {
    let issued = 0;
    useTokenSource({ token: async () => `token-${++issued}`, rejected: () => undefined });
    const seen: { authorization?: string; key?: string; url: string }[] = [];
    const answers = [503, 201];
    const original = globalThis.fetch;
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      seen.push({ url, authorization: headers.Authorization, key: headers['Idempotency-Key'] });
      const status = answers.shift() ?? 201;
      return new Response(JSON.stringify(status === 201 ? { id: 'OBS-7' } : problem(status)), {
        status,
        headers: { 'Content-Type': 'application/json' },
      });
    }) as typeof fetch;
    try {
      const store = memoryStore([entry('a')]);
      await drainUntilSettled({ store, send: apiSend, now, sleep });
      expect(seen).toEqual([
        { url: '/api/obstacles', authorization: 'Bearer token-1', key: 'key-a' },
        { url: '/api/obstacles', authorization: 'Bearer token-2', key: 'key-a' },
      ]);
      expect(await store.get('a')).toMatchObject({ state: 'sent', response: { id: 'OBS-7' } });
    } finally {
      globalThis.fetch = original;
    }
  });
});
