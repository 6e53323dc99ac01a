import { randomUUID } from 'node:crypto';
import { type Created, call, createdBody, ifMatch, post } from './helpers.ts';

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
  return post('/obstacles', token, body, headers);
}

interface Reported extends Created {
  unitId: string;
  title: string;
}

export async function reportOk(token: string, overrides: Record<string, unknown> = {}) {
  return createdBody<Reported>(await report(token, obstacleBody(overrides)));
}

export async function transition(
  token: string,
  id: string,
  etag: string | undefined,
  body: Record<string, unknown>,
) {
  return post(`/obstacles/${id}/transitions`, token, body, ifMatch(etag));
}

/** The item and its history as they stand: compared before and after each refusal. */
export async function snapshot(token: string, id: string) {
  const [item, history] = await Promise.all([
    call(`/obstacles/${id}`, { token }),
    call(`/obstacles/${id}/history`, { token }),
  ]);
  return { item: item.json, etag: item.headers.get('etag'), history: history.json };
}
