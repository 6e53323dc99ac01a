/** What a browser does with attachments over HTTP: ask for an upload, send the file, register it. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { post } from './helpers.ts';

/** A small JPEG's worth of bytes: the local bucket checks size and type, not pixels. */
export const photo = new Uint8Array(2048).map((_, i) => (i * 31) % 256);

export const photoMeta = {
  fileName: 'Phòng tiếp dân.jpg',
  contentType: 'image/jpeg',
  size: photo.byteLength,
};

/** Asks for an upload on the item at `itemPath` (`/obstacles/{id}`, `/visits/{v}/findings/{f}`). */
export const askUpload = (token: string, itemPath: string, body: Record<string, unknown> = {}) =>
  post(`${itemPath}/attachments/uploads`, token, { ...photoMeta, ...body });

/** What a browser does with the ticket: a multipart form, its fields first, the file last. */
export async function sendForm(
  ticket: { url: string; fields: Record<string, string> },
  bytes: Uint8Array<ArrayBuffer> = photo,
  type = 'image/jpeg',
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type }), 'photo.jpg');
  return fetch(ticket.url, { method: 'POST', body: form });
}

/** The body that registers an upload sent under its ticket. */
export function registration(ticket: { uploadId: string; key: string }, extra = {}) {
  return {
    uploadId: ticket.uploadId,
    key: ticket.key,
    ...photoMeta,
    caption: 'Mái đã lợp lại',
    ...extra,
  };
}

/**
 * Registers an upload on the item under an Idempotency-Key, as `who` (the attachment's
 * `addedBy`): the answer is the attachment, a retry with the key replays it, and the same
 * upload registered again without it is refused (409). The attachment as answered.
 */
export async function registerOnce(
  token: string,
  item: { itemType: string; itemId: string; path: string },
  ticket: { uploadId: string; key: string },
  who: { sub: string; role: string },
) {
  const headers = { 'idempotency-key': randomUUID() };
  const added = await post(`${item.path}/attachments`, token, registration(ticket), headers);
  expect(added.status, added.text).toBe(201);
  expect(added.json).toEqual({
    id: ticket.uploadId,
    itemType: item.itemType,
    itemId: item.itemId,
    ...photoMeta,
    caption: 'Mái đã lợp lại',
    addedBy: { ...who, name: expect.any(String) },
    addedAt: expect.any(String),
  });
  const replay = await post(`${item.path}/attachments`, token, registration(ticket), headers);
  expect(replay.status).toBe(201);
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(replay.json).toEqual(added.json);
  const again = await post(`${item.path}/attachments`, token, registration(ticket));
  expect(again.status).toBe(409);
  return added.json;
}
