/**
 * Changing an item: the action is sent with the ETag the screen read (If-Match). When
 * someone changed the item meanwhile (412), the screen shows so, reloads the current state
 * and offers to redo the action on it, keeping what the user wrote.
 */
import { useState } from 'preact/hooks';
import { ApiError } from '../lib/api.ts';
import { submit as submitChange } from '../lib/outbox/index.ts';
import type { Resource } from '../lib/resource.ts';
import { SavedOnPhone } from './outbox-status.tsx';
import { ProblemNotice, TextArea } from './ui.tsx';

export interface ActionSpec {
  action: string;
  label: string;
  /** The text the action needs: a note of what was done, or a reason. */
  needs?: 'note' | 'reason';
  textLabel?: string;
  tone?: 'warning' | 'secondary';
}

export function TransitionPanel<T>({
  path,
  resource,
  actions,
  onDone,
}: {
  path: string;
  resource: Resource<T>;
  actions: ActionSpec[];
  onDone?: () => void;
}) {
  const [open, setOpen] = useState<ActionSpec>();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();
  const [fieldError, setFieldError] = useState<string>();
  const [conflict, setConflict] = useState<ActionSpec>();
  const [busy, setBusy] = useState(false);
  const [onPhone, setOnPhone] = useState(false);

  const run = async (spec: ActionSpec) => {
    if (spec.needs && !text.trim()) {
      setOpen(spec);
      setFieldError(spec.needs === 'note' ? 'Nhập nội dung đã thực hiện.' : 'Nhập lý do.');
      return;
    }
    setBusy(true);
    setError(undefined);
    setFieldError(undefined);
    setOnPhone(false);
    try {
      const reply = await submitChange<T>({
        kind: 'transition',
        label: spec.label,
        path,
        method: 'POST',
        body: { action: spec.action, ...(spec.needs ? { [spec.needs]: text.trim() } : {}) },
        ifMatch: resource.etag,
      });
      setOnPhone(!reply.sent);
      if (reply.sent) resource.set(reply.data, reply.etag);
      setOpen(undefined);
      setConflict(undefined);
      setText('');
      onDone?.();
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        setConflict(spec);
        setOpen(undefined);
        resource.reload();
      } else {
        if (e instanceof ApiError && e.status === 400) {
          setFieldError(Object.values(e.fields)[0] ?? e.problem.detail);
        }
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  if (!actions.length && !conflict) return null;
  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title" class="visually-hidden">
        Thao tác
      </h2>
      {conflict ? (
        <div class="notice bad" role="alert">
          <h2>Có người đã thay đổi mục này trong lúc bạn xem</h2>
          <p>Trang đã tải lại trạng thái hiện tại (ở trên). Xem lại trước khi làm tiếp.</p>
          {actions.some((a) => a.action === conflict.action) ? (
            <div class="actions">
              <button type="button" disabled={busy} onClick={() => void run(conflict)}>
                Làm lại: {conflict.label}
              </button>
              <button type="button" class="secondary" onClick={() => setConflict(undefined)}>
                Bỏ qua
              </button>
            </div>
          ) : (
            <p>
              Việc “{conflict.label}” không còn làm được ở trạng thái hiện tại: người kia đã làm
              trước.
            </p>
          )}
        </div>
      ) : null}
      {!conflict ? <ProblemNotice error={error} /> : null}
      {onPhone ? <SavedOnPhone /> : null}
      {open?.needs ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(open);
          }}
          noValidate
        >
          <TextArea
            name={open.needs}
            label={open.textLabel ?? (open.needs === 'note' ? 'Nội dung đã thực hiện' : 'Lý do')}
            value={text}
            onInput={setText}
            error={fieldError}
          />
          <div class="actions">
            <button type="submit" disabled={busy}>
              {open.label}
            </button>
            <button type="button" class="secondary" onClick={() => setOpen(undefined)}>
              Hủy
            </button>
          </div>
        </form>
      ) : (
        <div class="actions">
          {actions.map((spec) => (
            <button
              type="button"
              key={spec.action}
              class={spec.tone}
              disabled={busy}
              onClick={() => {
                if (spec.needs) {
                  setOpen(spec);
                  setFieldError(undefined);
                } else void run(spec);
              }}
            >
              {spec.label}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
