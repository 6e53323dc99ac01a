import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, NetworkError, useTokenSource } from '../../src/lib/api.ts';

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json',
      ...headers,
    },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the one API client', () => {
  it('sends the token, If-Match and Idempotency-Key under /api, and reads the ETag', async () => {
    const fetch = vi.fn(async () => answer(200, { id: 'x' }, { ETag: '"3"' }));
    vi.stubGlobal('fetch', fetch);
    useTokenSource({ token: async () => 'token-1', rejected: () => undefined });
    const reply = await api.post('/obstacles/x/transitions', {
      body: { action: 'verify' },
      ifMatch: '"2"',
      idempotencyKey: 'k-1',
      query: { limit: 5, empty: '', absent: undefined },
    });
    expect(reply).toEqual({ data: { id: 'x' }, etag: '"3"', status: 200 });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/obstacles/x/transitions?limit=5');
    expect(init.headers).toMatchObject({
      Authorization: 'Bearer token-1',
      'If-Match': '"2"',
      'Idempotency-Key': 'k-1',
      'Content-Type': 'application/json',
    });
    expect(init.body).toBe('{"action":"verify"}');
  });

  it('turns problem+json into an ApiError with its fields', async () => {
    vi.stubGlobal('fetch', async () =>
      answer(400, {
        type: 'x',
        title: 'Invalid request',
        status: 400,
        detail: 'body.title: too short',
        errors: [{ field: 'body.title', message: 'too short' }],
      }),
    );
    const error = await api.post('/obstacles', { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).fields).toEqual({ 'body.title': 'too short' });
  });

  it('asks to sign in again on a 401, and says when there is no connection', async () => {
    const rejected = vi.fn();
    useTokenSource({ token: async () => 'old', rejected });
    vi.stubGlobal('fetch', async () =>
      answer(401, { type: 'x', title: 'Authentication required', status: 401 }),
    );
    await expect(api.get('/units')).rejects.toBeInstanceOf(ApiError);
    expect(rejected).toHaveBeenCalledTimes(1);
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.get('/units')).rejects.toBeInstanceOf(NetworkError);
  });
});
