/**
 * A photo as it leaves the phone: its longest edge at most 2048 px, JPEG at quality 0.7,
 * upright as it was taken, and re-encoded from pixels, so none of its EXIF (the GPS
 * position among it) goes with it. A PDF goes as it is.
 */
import { attachmentContentTypes } from '#shared/schemas/attachments.ts';

export const maxEdge = 2048;
export const jpegQuality = 0.7;
/** As the API allows (shared/domain/attachments.ts: maxAttachmentsPerItem). */
export const maxPhotosPerItem = 5;

/** What the file picker offers: the types an upload's policy lets through. */
export const acceptedTypes = attachmentContentTypes.join(',');

/** The size a picture is drawn at: scaled down to fit `maxEdge`, never up. */
export function fittedSize(width: number, height: number, edge = maxEdge) {
  const scale = Math.min(1, edge / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

export interface PreparedFile {
  blob: Blob;
  fileName: string;
  contentType: string;
}

export async function prepareFile(file: File): Promise<PreparedFile> {
  if (file.type === 'application/pdf')
    return { blob: file, fileName: file.name, contentType: file.type };
  if (!file.type.startsWith('image/')) throw new Error('Chỉ nhận ảnh (JPEG, PNG, WebP) hoặc PDF.');
  // `from-image` applies the EXIF orientation to the pixels; the EXIF itself is not kept.
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const { width, height } = fittedSize(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('Không xử lý được ảnh trên thiết bị này.');
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) =>
    canvas.toBlob(resolve, 'image/jpeg', jpegQuality),
  );
  if (!blob) throw new Error('Không nén được ảnh.');
  const base = file.name.replace(/\.[^.]+$/, '') || 'anh';
  return { blob, fileName: `${base}.jpg`, contentType: 'image/jpeg' };
}
