/**
 * What waits on this phone: "2 mục chờ gửi" in the header (a live region, so a screen
 * reader hears it change), and a panel at the top of the screen listing what is not sent
 * yet or was refused, with the problem and the text as written; a refused one can be
 * discarded, after a confirmation.
 */
import { useEffect, useState } from 'preact/hooks';
import { forgetReads, useOfflineSince } from '../lib/offline-cache.ts';
import { itemOf } from '../lib/outbox/drain.ts';
import { outbox, useOutbox } from '../lib/outbox/index.ts';
import type { OutboxEntry } from '../lib/outbox/types.ts';
import { Tag } from './ui.tsx';

/** How many entries wait, and how many the server refused, in words. */
export function outboxSummary(entries: OutboxEntry[]): string {
  const pending = entries.filter((e) => e.state === 'queued' || e.state === 'sending').length;
  const refused = entries.filter((e) => e.state === 'refused' || e.state === 'conflict').length;
  return [pending ? `${pending} mục chờ gửi` : '', refused ? `${refused} mục không gửi được` : '']
    .filter(Boolean)
    .join(', ');
}

/** In the header: always there (a live region must exist before it speaks), empty when nothing waits. */
export function OutboxStatus({ signedIn }: { signedIn: boolean }) {
  const { entries } = useOutbox();
  useEffect(() => {
    // A new sign-in: what waited for it goes now.
    if (signedIn) void outbox.drain();
  }, [signedIn]);
  const summary = outboxSummary(entries);
  return (
    <span class="who" role="status">
      {summary ? <a href="#outbox">{summary}</a> : null}
    </span>
  );
}

const stateLabels: Record<OutboxEntry['state'], [string, string]> = {
  queued: ['Chờ gửi', 'warn'],
  sending: ['Đang gửi', 'warn'],
  sent: ['Đã gửi', 'ok'],
  refused: ['Không gửi được', 'bad'],
  conflict: ['Đã có người sửa trước', 'bad'],
};

/** The fields people write in (not ids or choices). */
const textFields = new Set(['title', 'description', 'text', 'note', 'reason', 'purpose']);

type FieldPath = (string | number)[];

/** The fields the user wrote in, from the entry's body, with where each is: nested too, in order. */
export function draftFields(
  body: unknown,
  at: FieldPath = [],
): { path: FieldPath; value: string }[] {
  if (Array.isArray(body)) return body.flatMap((item, i) => draftFields(item, [...at, i]));
  if (!body || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([name, value]) =>
    typeof value === 'string'
      ? textFields.has(name) && value.trim()
        ? [{ path: [...at, name], value }]
        : []
      : draftFields(value, [...at, name]),
  );
}

/** The text the user wrote, from the entry's body: every written field, in order, nested too. */
export function draftText(body: unknown): string[] {
  return draftFields(body).map((field) => field.value);
}

/** `body` with the field at `path` set to `value` (a copy; the rest shared). */
export function withField(body: unknown, path: FieldPath, value: string): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (Array.isArray(body)) {
    return body.map((item, i) => (i === head ? withField(item, rest, value) : item));
  }
  const record = (body ?? {}) as Record<string, unknown>;
  return { ...record, [head]: withField(record[head], rest, value) };
}

/** A refused entry's text, corrected on the phone and sent again. */
function Correction({ entry, onDone }: { entry: OutboxEntry; onDone: () => void }) {
  const fields = draftFields(entry.body);
  const [values, setValues] = useState(fields.map((f) => f.value));
  const send = (event: Event) => {
    event.preventDefault();
    const body = fields.reduce<unknown>(
      (next, field, i) => withField(next, field.path, values[i] ?? field.value),
      entry.body,
    );
    void outbox.resubmit(entry.id, body);
    onDone();
  };
  return (
    <form onSubmit={send}>
      {fields.map((_field, i) => {
        const id = `fix-${entry.id}-${i}`;
        return (
          <div class="field" key={id}>
            <label for={id}>Nội dung {fields.length > 1 ? i + 1 : ''}</label>
            <textarea
              id={id}
              rows={3}
              value={values[i]}
              onInput={(e) => {
                const text = (e.target as HTMLTextAreaElement).value;
                setValues((all) => all.map((v, j) => (j === i ? text : v)));
              }}
            />
          </div>
        );
      })}
      <div class="actions">
        <button type="submit">Gửi lại</button>
        <button type="button" class="link" onClick={onDone}>
          Thôi
        </button>
      </div>
    </form>
  );
}

/** The page of the item an entry changes, if it names one (`/obstacles/X/transitions` → `/obstacles/X`). */
function itemPage(entry: OutboxEntry): string | undefined {
  const item = itemOf(entry.path);
  return /^\/(obstacles|tasks|visits)\/[^/{]+$/.test(item) ? item : undefined;
}

function Entry({ entry }: { entry: OutboxEntry }) {
  const [label, tone] = stateLabels[entry.state];
  const stuck = entry.state === 'refused' || entry.state === 'conflict';
  const waitsSignIn = entry.state === 'queued' && entry.problem?.status === 401;
  const notMine = !outbox.isOwn(entry);
  const [fixing, setFixing] = useState(false);
  const page = itemPage(entry);
  const correctable = entry.state === 'refused' && draftFields(entry.body).length > 0;
  const discard = () => {
    const question = stuck
      ? `Bỏ "${entry.label}"? Nội dung này sẽ bị xoá khỏi máy.`
      : `"${entry.label}" chưa được gửi. Bỏ và xoá khỏi máy?`;
    if (window.confirm(question)) void outbox.discard(entry.id);
  };
  return (
    <li>
      <p>
        <b>{entry.label}</b>{' '}
        <Tag tone={tone}>
          {notMine ? 'Của tài khoản khác' : waitsSignIn ? 'Chờ đăng nhập lại' : label}
        </Tag>
      </p>
      {draftText(entry.body).map((text, i) => (
        <p class="meta" key={i}>
          {text}
        </p>
      ))}
      {stuck && entry.problem ? (
        <p class="error-message">{entry.problem.detail ?? entry.problem.title}</p>
      ) : null}
      {notMine ? (
        <p>Được ghi khi một tài khoản khác đăng nhập; sẽ gửi khi tài khoản đó đăng nhập lại.</p>
      ) : null}
      {entry.state === 'conflict' ? (
        <p>
          {page ? <a href={page}>Mở lại mục này</a> : 'Mở lại mục này'}, xem trạng thái mới rồi làm
          lại thao tác.
        </p>
      ) : null}
      {fixing ? <Correction entry={entry} onDone={() => setFixing(false)} /> : null}
      {correctable && !fixing ? (
        <button type="button" class="link" onClick={() => setFixing(true)}>
          Sửa và gửi lại
        </button>
      ) : null}
      <button type="button" class="link" onClick={discard}>
        Bỏ mục này
      </button>
    </li>
  );
}

/** At the top of the screen, only when something is not sent. */
export function OutboxPanel({ signedIn }: { signedIn: boolean }) {
  const { entries } = useOutbox();
  const persisted = useStoragePersisted(signedIn);
  const shown = entries.filter((e) => e.state !== 'sent');
  if (!shown.length) return null;
  const stuck = shown.some((e) => e.state === 'refused' || e.state === 'conflict');
  return (
    <details id="outbox" class={stuck ? 'notice bad' : 'notice'}>
      <summary>Trên máy này: {outboxSummary(shown)}</summary>
      {persisted === false ? (
        <p>Trình duyệt chưa cho giữ lâu dữ liệu: mục chưa gửi có thể mất khi máy đầy bộ nhớ.</p>
      ) : null}
      <ul class="cards">
        {shown.map((e) => (
          <Entry key={e.id} entry={e} />
        ))}
      </ul>
    </details>
  );
}

/** On a screen after a save with no network. */
export function SavedOnPhone() {
  return (
    <p class="notice" role="status">
      Đã lưu trên máy, sẽ gửi khi có mạng.
    </p>
  );
}

/** Over the screen while what it shows is the last answer kept on the phone. */
export function OfflineBanner() {
  const since = useOfflineSince();
  if (since === undefined) return null;
  // Viet Nam's time, as format.ts writes it (not imported: the header stays small).
  const local = new Date(since + 7 * 3600_000).toISOString();
  const date = `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
  const time = local.slice(11, 16);
  return (
    <p class="notice" role="status">
      Dữ liệu lúc {time} {date} (đang ngoại tuyến)
    </p>
  );
}

let asked: Promise<boolean> | undefined;

/** Asks once per page that what waits here is kept (the browser may clear it when short of space). */
export function useStoragePersisted(signedIn: boolean): boolean | undefined {
  const [persisted, setPersisted] = useState<boolean>();
  useEffect(() => {
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!signedIn || !storage?.persist) return;
    asked ??= storage
      .persisted()
      .then((already) => already || storage.persist())
      .catch(() => false);
    void asked.then(setPersisted);
  }, [signedIn]);
  return persisted;
}

/** Before signing out: what is not sent is lost with the session, so the user says so first. */
export async function confirmSignOut(): Promise<boolean> {
  const unsent = outbox.entries.filter((e) => e.state !== 'sent').length;
  if (
    unsent &&
    !window.confirm(
      `Còn ${unsent} mục chưa gửi trên máy này. Đăng xuất sẽ xoá chúng khỏi máy. Vẫn đăng xuất?`,
    )
  ) {
    return false;
  }
  await outbox.clear();
  await forgetReads();
  return true;
}
