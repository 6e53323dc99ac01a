/**
 * The evidence of an item: its photos and files, those still on the phone, and adding more
 * (at most five). Adding goes through the outbox, so a photo taken with no signal waits with
 * the item it belongs to and is sent once the network is back.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Attachment, attachmentUrl, currentLocation, photoEntry } from '../lib/attachments.ts';
import { formatInstant } from '../lib/format.ts';
import { submit, useOutbox } from '../lib/outbox/index.ts';
import { isPending, type OutboxEntry } from '../lib/outbox/types.ts';
import { acceptedTypes, maxPhotosPerItem, type PreparedFile, prepareFile } from '../lib/photos.ts';
import { useResource } from '../lib/resource.ts';
import { ProblemNotice, Tag } from './ui.tsx';

/** A blob's address while the component shows it. */
function useBlobUrl(blob: Blob | undefined): string | undefined {
  const url = useMemo(() => (blob ? URL.createObjectURL(blob) : undefined), [blob]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return url;
}

function Shown({ itemPath, attachment }: { itemPath: string; attachment: Attachment }) {
  const [blob, setBlob] = useState<Blob>();
  useEffect(() => {
    // Read through fetch into a blob: the presigned GET is on the bucket's origin, which the
    // site's img-src does not name (connect-src does), and a blob: address it does.
    attachmentUrl(itemPath, attachment.id)
      .then((signed) => fetch(signed))
      .then((answer) =>
        answer.ok ? answer.blob() : Promise.reject(new Error(String(answer.status))),
      )
      .then(setBlob)
      .catch(() => undefined);
  }, [itemPath, attachment.id]);
  const url = useBlobUrl(blob);
  const image = attachment.contentType.startsWith('image/');
  return (
    <li>
      {image && url ? (
        <img
          src={url}
          alt={attachment.caption ?? `Ảnh minh chứng ${attachment.fileName}`}
          class="evidence"
        />
      ) : url ? (
        <a href={url} download={attachment.fileName}>
          {attachment.fileName}
        </a>
      ) : (
        <span>{attachment.fileName}</span>
      )}
      <div class="meta">
        <span>{attachment.addedBy.name}</span>
        <span>{formatInstant(attachment.addedAt)}</span>
        {attachment.caption ? <span>{attachment.caption}</span> : null}
      </div>
    </li>
  );
}

/** A photo or file before it is on the server: on the phone, or chosen for a form. */
export function LocalFile({
  file,
  status,
  onRemove,
}: {
  file: { blob: Blob; fileName: string; contentType: string; caption?: string };
  status?: ComponentChildren;
  onRemove?: () => void;
}) {
  const url = useBlobUrl(file.blob);
  return (
    <li>
      {file.contentType.startsWith('image/') && url ? (
        <img src={url} alt={`Ảnh ${file.fileName}`} class="evidence" />
      ) : (
        <span>{file.fileName}</span>
      )}
      <div class="meta">
        {status}
        {file.caption ? <span>{file.caption}</span> : null}
        {onRemove ? (
          <button type="button" class="link" onClick={onRemove}>
            Bỏ ảnh này
          </button>
        ) : null}
      </div>
    </li>
  );
}

/** The outbox's files for one item, not yet registered on it. */
function waitingFiles(entries: OutboxEntry[], path: string): OutboxEntry[] {
  return entries.filter((e) => e.upload && e.path === path && e.state !== 'sent');
}

/**
 * Choosing photos: each is downscaled and stripped of its EXIF on the phone; the location
 * goes only if the user ticks it, as a caption, never inside the file.
 */
export function PhotoPicker({
  id,
  room,
  busy,
  onPicked,
}: {
  id: string;
  room: number;
  busy?: boolean;
  onPicked: (files: PreparedFile[], caption: string | undefined) => Promise<void> | void;
}) {
  const [withLocation, setWithLocation] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [preparing, setPreparing] = useState(false);

  const pick = async (input: HTMLInputElement) => {
    const files = Array.from(input.files ?? []);
    if (!files.length) return;
    setProblem(undefined);
    if (files.length > room) {
      setProblem(
        new Error(`Mỗi mục có tối đa ${maxPhotosPerItem} ảnh hoặc tệp; còn thêm được ${room}.`),
      );
      input.value = '';
      return;
    }
    setPreparing(true);
    try {
      const caption = withLocation ? await currentLocation() : undefined;
      const prepared: PreparedFile[] = [];
      for (const file of files) prepared.push(await prepareFile(file));
      await onPicked(prepared, caption);
    } catch (error) {
      setProblem(error);
    } finally {
      setPreparing(false);
      input.value = '';
    }
  };

  if (room <= 0) return null;
  return (
    <div class="field">
      <ProblemNotice error={problem} />
      <label for={id}>Thêm ảnh hoặc tệp PDF</label>
      <span class="hint" id={`${id}-hint`}>
        Ảnh được thu nhỏ và bỏ thông tin ẩn (cả vị trí GPS) trước khi gửi; tối đa {maxPhotosPerItem}{' '}
        ảnh.
      </span>
      <div class="choice">
        <input
          type="checkbox"
          id={`${id}-location`}
          checked={withLocation}
          onChange={() => setWithLocation((v) => !v)}
        />
        <label for={`${id}-location`}>Ghi kèm vị trí hiện tại (toạ độ) vào ảnh</label>
      </div>
      <input
        id={id}
        type="file"
        accept={acceptedTypes}
        multiple
        disabled={busy || preparing}
        aria-describedby={`${id}-hint`}
        onChange={(e) => void pick(e.target as HTMLInputElement)}
      />
      {preparing || busy ? <p role="status">Đang xử lý ảnh…</p> : null}
    </div>
  );
}

export function Attachments({ itemPath, canAdd }: { itemPath: string; canAdd: boolean }) {
  const list = useResource<{ items: Attachment[] }>(`${itemPath}/attachments`);
  const { entries } = useOutbox();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const items = list.data?.items ?? [];
  const waiting = waitingFiles(entries, `${itemPath}/attachments`);
  const room = maxPhotosPerItem - items.length - waiting.length;
  // A photo that waited on the phone went: the list now has it.
  const sent = entries.filter(
    (e) => e.upload && e.path === `${itemPath}/attachments` && e.state === 'sent',
  ).length;
  const { reload } = list;
  useEffect(() => {
    if (sent) reload();
  }, [sent, reload]);

  const add = async (files: PreparedFile[], caption: string | undefined) => {
    setProblem(undefined);
    setBusy(true);
    try {
      for (const file of files) await submit(photoEntry(itemPath, file, caption));
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="evidence-title">
      <h2 id="evidence-title">Ảnh, tài liệu minh chứng</h2>
      <ProblemNotice error={problem} />
      {list.data && !items.length && !waiting.length ? (
        <p class="hint">Chưa có ảnh hoặc tài liệu.</p>
      ) : null}
      <ul class="cards evidence-list">
        {items.map((a) => (
          <Shown key={a.id} itemPath={itemPath} attachment={a} />
        ))}
        {waiting.map((e) =>
          e.upload ? (
            <LocalFile
              key={e.id}
              file={e.upload}
              status={
                isPending(e) ? <Tag tone="warn">Chờ gửi</Tag> : <Tag tone="bad">Không gửi được</Tag>
              }
            />
          ) : null,
        )}
      </ul>
      {canAdd ? <PhotoPicker id="evidence-file" room={room} busy={busy} onPicked={add} /> : null}
    </section>
  );
}
