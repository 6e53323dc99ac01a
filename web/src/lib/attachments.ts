/**
 * Evidence on an item: ask the API for a presigned POST, send the file straight to the
 * bucket (the local server's S3 endpoint on one machine), then register it on the item,
 * which writes it with a history event. The registration carries an Idempotency-Key, so a
 * retry never registers a photo twice.
 */
import { ApiError, api, newIdempotencyKey } from './api.ts';
import type { PreparedFile } from './photos.ts';

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  caption?: string;
  addedBy: { name: string };
  addedAt: string;
}

interface UploadGrant {
  uploadId: string;
  url: string;
  fields: Record<string, string>;
  key: string;
  expiresAt: string;
  maxBytes: number;
}

/** Sends one prepared file to the item at `itemPath` (`/obstacles/<id>`) and registers it. */
export async function attach(
  itemPath: string,
  file: PreparedFile,
  options: { caption?: string; idempotencyKey?: string } = {},
): Promise<Attachment> {
  const grant = await api.post<UploadGrant>(`${itemPath}/attachments/uploads`, {
    body: { fileName: file.fileName, contentType: file.contentType, size: file.blob.size },
  });
  const form = new FormData();
  for (const [name, value] of Object.entries(grant.data.fields)) form.append(name, value);
  form.append('file', file.blob, file.fileName);
  const upload = await fetch(grant.data.url, { method: 'POST', body: form });
  if (!upload.ok) {
    throw new ApiError(upload.status, {
      type: 'about:blank',
      title: 'Upload refused',
      status: upload.status,
      detail: 'Máy chủ lưu trữ không nhận tệp này.',
    });
  }
  const registered = await api.post<Attachment>(`${itemPath}/attachments`, {
    body: {
      uploadId: grant.data.uploadId,
      key: grant.data.key,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.blob.size,
      ...(options.caption ? { caption: options.caption } : {}),
    },
    idempotencyKey: options.idempotencyKey ?? newIdempotencyKey(),
  });
  return registered.data;
}

/** A short-lived address to show or download an attachment. */
export async function attachmentUrl(itemPath: string, attachmentId: string): Promise<string> {
  const reply = await api.get<{ url: string }>(`${itemPath}/attachments/${attachmentId}`);
  return reply.data.url;
}
