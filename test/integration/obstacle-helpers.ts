import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { call } from './helpers.ts';

export function obstacleBody(overrides: Record<string, unknown> = {}) {
  return {
    category: 'equipment',
    title: `Thiếu máy quét tài liệu ${randomUUID().slice(0, 8)}`,
    description: 'Bộ phận một cửa cần thêm máy quét để số hóa hồ sơ.',
    severity: 'medium',
    ...overrides,
  };
}

export async function report(token: string, body: object, headers: Record<string, string> = {}) {
  return call('/obstacles', {
    token,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export async function reportOk(token: string, overrides: Record<string, unknown> = {}) {
  const result = await report(token, obstacleBody(overrides));
  expect(result.status, JSON.stringify(result.json)).toBe(201);
  return result.json as {
    id: string;
    version: number;
    status: string;
    unitId: string;
    title: string;
  };
}

export async function transition(
  token: string,
  id: string,
  ifMatch: string | undefined,
  body: Record<string, unknown>,
) {
  return call(`/obstacles/${id}/transitions`, {
    token,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }),
    },
    body: JSON.stringify(body),
  });
}

/** The item and its history as they stand: compared before and after each refusal. */
export async function snapshot(token: string, id: string) {
  const [item, history] = await Promise.all([
    call(`/obstacles/${id}`, { token }),
    call(`/obstacles/${id}/history`, { token }),
  ]);
  return { item: item.json, etag: item.headers.get('etag'), history: history.json };
}
