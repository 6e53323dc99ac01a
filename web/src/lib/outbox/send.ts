/** The outbox's send through the app's one API client: a fresh token on every attempt. */
import { api } from '../api.ts';
import type { Send } from './types.ts';

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
