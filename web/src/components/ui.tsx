import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, NetworkError } from '../lib/api.ts';
import type { FieldErrors } from '../lib/validation.ts';

export function Loading({ what = 'Đang tải…' }: { what?: string }) {
  return (
    <p class="loading" role="status">
      {what}
    </p>
  );
}

export function Tag({ tone = '', children }: { tone?: string; children: ComponentChildren }) {
  return <span class={`tag ${tone}`}>{children}</span>;
}

const statusTitles: Record<number, string> = {
  400: 'Thông tin chưa hợp lệ',
  401: 'Cần đăng nhập lại',
  403: 'Bạn không có quyền làm việc này',
  404: 'Không tìm thấy',
  409: 'Không thực hiện được lúc này',
  412: 'Có người đã thay đổi mục này trong lúc bạn xem',
  413: 'Dữ liệu quá lớn',
  422: 'Yêu cầu bị từ chối',
  428: 'Cần tải lại trước khi thay đổi',
  429: 'Quá nhiều yêu cầu, xin thử lại sau',
  503: 'Hệ thống đang bận, xin thử lại sau',
};

export function problemTitle(error: unknown): string {
  if (error instanceof ApiError) return statusTitles[error.status] ?? 'Có lỗi xảy ra';
  if (error instanceof NetworkError) return 'Không có kết nối';
  return 'Có lỗi xảy ra';
}

/** A refusal, as the user reads it: what happened (Vietnamese) and the server's detail. */
export function ProblemNotice({ error }: { error: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [error]);
  if (!error) return null;
  const detail =
    error instanceof ApiError ? error.problem.detail : error instanceof Error ? error.message : '';
  return (
    <div class="notice bad" role="alert" tabIndex={-1} ref={ref}>
      <h2>{problemTitle(error)}</h2>
      {detail ? <p>{detail}</p> : null}
    </div>
  );
}

/** GOV.UK's error summary: every field error, each a link to its field. */
export function ErrorSummary({
  errors,
  labels,
}: {
  errors: FieldErrors;
  labels: Record<string, string>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors);
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  }, [errors]);
  if (!entries.length) return null;
  return (
    <div
      class="error-summary"
      role="alert"
      tabIndex={-1}
      ref={ref}
      aria-labelledby="error-summary-title"
    >
      <h2 id="error-summary-title">Có lỗi cần sửa</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#f-${field.replace(/\./g, '-')}`}>
              {labels[field] ? `${labels[field]}: ` : ''}
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

type Common = {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onInput: (value: string) => void;
};

export function fieldId(name: string) {
  return `f-${name.replace(/\./g, '-')}`;
}

function Wrap({
  name,
  label,
  hint,
  error,
  children,
}: Omit<Common, 'value' | 'onInput'> & { children: ComponentChildren }) {
  const id = fieldId(name);
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint ? (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Lỗi: </span>
          {error}
        </span>
      ) : null}
      {children}
    </div>
  );
}

function describedBy(name: string, hint?: string, error?: string) {
  const id = fieldId(name);
  return (
    [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  );
}

/**
 * A form's draft, a string a field, and what ties a field to it: its name, its value, what
 * typing does, and the error `errors` holds under that name.
 */
export function useDraft<D extends Record<string, string>>(initial: D, errors: FieldErrors = {}) {
  const [draft, setDraft] = useState(initial);
  const field = (name: keyof D & string) => ({
    name,
    value: draft[name] ?? '',
    onInput: (value: string) => setDraft((d) => ({ ...d, [name]: value })),
    error: errors[name],
  });
  return { draft, setDraft, field };
}

export function TextField(
  props: Common & {
    type?: 'text' | 'password' | 'email' | 'search';
    inputMode?: 'text' | 'numeric' | 'decimal';
    class?: string;
    autoComplete?: string;
  },
) {
  return (
    <Wrap {...props}>
      <input
        id={fieldId(props.name)}
        name={props.name}
        type={(props.type ?? 'text') as 'text'}
        inputMode={props.inputMode}
        class={props.class}
        autoComplete={props.autoComplete}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
    </Wrap>
  );
}

/** A date as people write it here, dd/mm/yyyy (read with parseDate). */
export function DateField(props: Common & { hint: string }) {
  return <TextField {...props} class="narrow" />;
}

/** What a date field says when parseDate cannot read what was typed. */
export const dateFormatError = 'Nhập ngày theo dạng dd/mm/yyyy.';

export function TextArea(props: Common & { rows?: number }) {
  return (
    <Wrap {...props}>
      <textarea
        id={fieldId(props.name)}
        name={props.name}
        rows={props.rows ?? 4}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
        onInput={(e) => props.onInput((e.target as HTMLTextAreaElement).value)}
      />
    </Wrap>
  );
}

export function Select(
  props: Common & { options: [value: string, label: string][]; blank?: string },
) {
  return (
    <Wrap {...props}>
      <select
        id={fieldId(props.name)}
        name={props.name}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
        onChange={(e) => props.onInput((e.target as HTMLSelectElement).value)}
      >
        {props.blank !== undefined ? <option value="">{props.blank}</option> : null}
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

/** A select's options: each value under its label, in the order of `values`. */
export function choices<V extends string>(
  values: readonly V[],
  labels: Record<V, string>,
): [value: string, label: string][] {
  return values.map((value) => [value, labels[value]]);
}

/** A number typed on a phone: digits keyboard; "" stays "" so the schema can say it is missing. */
export function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

/** A screen whose item could not be read: "không tìm thấy" for a 404 (never saying whose it is). */
export function ReadFailure({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.status === 404) {
    return (
      <>
        <h1>Không tìm thấy</h1>
        <p>Mục này không có, hoặc không thuộc phạm vi tài khoản của bạn.</p>
        <p>
          <a href="/">Về trang chính</a>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Không mở được trang này</h1>
      <ProblemNotice error={error} />
    </>
  );
}

/** A screen whose item is not read yet: "loading", or why it could not be read. */
export function Unread({ read }: { read: { error?: unknown } }) {
  return read.error ? <ReadFailure error={read.error} /> : <Loading />;
}

/** One term of a summary list (`dl.summary`) and what it says. */
export function Detail({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** A row of headline figures: each a number over what it counts. */
export function Figures({ items }: { items: [figure: string | number, what: string][] }) {
  return (
    <div class="figures">
      {items.map(([figure, what]) => (
        <div class="figure" key={what}>
          <b>{figure}</b>
          {what}
        </div>
      ))}
    </div>
  );
}
