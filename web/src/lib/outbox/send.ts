/** The outbox's sends: through the app's one API client (a fresh token on every attempt), and files straight to the bucket. */
import { api } from '../api.ts';
import { type FileSender, type Send, UploadError, type UploadGrant } from './types.ts';

export const apiSend: Send = async (request) => {
  const options = {
    body: request.body,
    ifMatch: request.ifMatch,
    // A create's key; a PUT is the same on every attempt by itself.
    idempotencyKey: request.method === 'POST' ? request.idempotencyKey : undefined,
  };
  const reply =
    request.method === 'PUT'
      ? await api.put(request.path, options)
      : await api.post(request.path, options);
  return { status: reply.status, data: reply.data, etag: reply.etag };
};

export const bucketFiles: FileSender = {
  async grant(itemPath, file) {
    const reply = await api.post<UploadGrant>(`${itemPath}/attachments/uploads`, { body: file });
    return reply.data;
  },
  async upload(grant, blob, fileName) {
    const form = new FormData();
    for (const [name, value] of Object.entries(grant.fields)) form.append(name, value);
    form.append('file', blob, fileName);
    const answer = await fetch(grant.url, { method: 'POST', body: form });
    if (!answer.ok) throw new UploadError(answer.status);
  },
};
