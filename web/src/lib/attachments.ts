/**
 * Evidence on an item: every photo or file goes through the outbox. Its entry keeps the
 * prepared file (in IndexedDB, so it survives a reload with no network); the drain asks the
 * API for a presigned POST, sends the file straight to the bucket (the local server's S3
 * endpoint on one machine), then registers it on the item with the entry's Idempotency-Key,
 * so a retry never registers a photo twice.
 */
import { api } from './api.ts';
import type { NewEntry } from './outbox/types.ts';
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

/**
 * The outbox entry that sends `file` to the item at `itemPath` (`/obstacles/<id>`, or
 * `/visits/<id>/findings/{dependsOn}` for a finding still on the phone).
 */
export function photoEntry(itemPath: string, file: PreparedFile, caption?: string): NewEntry {
  return {
    kind: 'attachment',
    label: `Ảnh, tệp: ${file.fileName}`,
    path: `${itemPath}/attachments`,
    method: 'POST',
    upload: {
      blob: file.blob,
      fileName: file.fileName,
      contentType: file.contentType,
      ...(caption ? { caption } : {}),
    },
  };
}

/** Where the phone is, as a caption the user chose to add ("Vị trí: 20.86300, 106.68300 (±15 m)"). */
export function locationCaption(position: {
  coords: { latitude: number; longitude: number; accuracy: number };
}): string {
  const { latitude, longitude, accuracy } = position.coords;
  return `Vị trí: ${latitude.toFixed(5)}, ${longitude.toFixed(5)} (±${Math.round(accuracy)} m)`;
}

/** The phone's position, asked only when the user ticks "attach the location". */
export function currentLocation(): Promise<string> {
  return new Promise((resolve, reject) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      reject(new Error('Thiết bị này không cho biết vị trí.'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => resolve(locationCaption(position)),
      () =>
        reject(
          new Error('Không lấy được vị trí: hãy cho phép ứng dụng biết vị trí, hoặc bỏ chọn.'),
        ),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  });
}

/** A short-lived address to show or download an attachment. */
export async function attachmentUrl(itemPath: string, attachmentId: string): Promise<string> {
  const reply = await api.get<{ url: string }>(`${itemPath}/attachments/${attachmentId}`);
  return reply.data.url;
}
