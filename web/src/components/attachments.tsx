/** The evidence of an item: its photos and files, and adding more (at most five). */
import { useEffect, useState } from 'preact/hooks';
import { type Attachment, attach, attachmentUrl } from '../lib/attachments.ts';
import { formatInstant } from '../lib/format.ts';
import { maxPhotosPerItem, prepareFile } from '../lib/photos.ts';
import { useResource } from '../lib/resource.ts';
import { ProblemNotice } from './ui.tsx';

function Shown({ itemPath, attachment }: { itemPath: string; attachment: Attachment }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    // Read through fetch into a blob: the presigned GET is on the bucket's origin, which the
    // site's img-src does not name (connect-src does), and a blob: address it does.
    let local: string | undefined;
    attachmentUrl(itemPath, attachment.id)
      .then((signed) => fetch(signed))
      .then((answer) =>
        answer.ok ? answer.blob() : Promise.reject(new Error(String(answer.status))),
      )
      .then((blob) => {
        local = URL.createObjectURL(blob);
        setUrl(local);
      })
      .catch(() => undefined);
    return () => {
      if (local) URL.revokeObjectURL(local);
    };
  }, [itemPath, attachment.id]);
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
      </div>
    </li>
  );
}

export function Attachments({ itemPath, canAdd }: { itemPath: string; canAdd: boolean }) {
  const list = useResource<{ items: Attachment[] }>(`${itemPath}/attachments`);
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const items = list.data?.items ?? [];
  const room = maxPhotosPerItem - items.length;

  const add = async (files: FileList | null) => {
    if (!files?.length) return;
    setProblem(undefined);
    if (files.length > room) {
      setProblem(
        new Error(`Mỗi mục có tối đa ${maxPhotosPerItem} ảnh hoặc tệp; còn thêm được ${room}.`),
      );
      return;
    }
    setBusy(true);
    try {
      for (const file of Array.from(files)) await attach(itemPath, await prepareFile(file));
      list.reload();
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
      {list.data && !items.length ? <p class="hint">Chưa có ảnh hoặc tài liệu.</p> : null}
      <ul class="cards evidence-list">
        {items.map((a) => (
          <Shown key={a.id} itemPath={itemPath} attachment={a} />
        ))}
      </ul>
      {canAdd && room > 0 ? (
        <div class="field">
          <label for="evidence-file">Thêm ảnh hoặc tệp PDF</label>
          <span class="hint" id="evidence-hint">
            Ảnh được thu nhỏ trước khi gửi và không kèm vị trí; tối đa {maxPhotosPerItem} ảnh.
          </span>
          <input
            id="evidence-file"
            type="file"
            accept="image/jpeg,image/png,image/webp,application/pdf"
            multiple
            disabled={busy}
            aria-describedby="evidence-hint"
            onChange={(e) => void add((e.target as HTMLInputElement).files)}
          />
          {busy ? <p role="status">Đang gửi…</p> : null}
        </div>
      ) : null}
    </section>
  );
}
