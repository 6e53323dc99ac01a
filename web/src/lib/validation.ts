/**
 * The phone refuses what the server would: forms check their input with the API's own
 * schemas (shared/schemas), with zod's Vietnamese messages on the field.
 */
import vi from 'zod/v4/locales/vi.js';
import * as z from '#shared/schemas/zod.ts';

z.config(vi());

/** The schemas' own (English) refinement messages, as an official reads them. */
const customMessages: Record<string, string> = {
  'Must contain a visible character': 'Cần có nội dung (không chỉ khoảng trắng).',
  'total must equal the sum of the lines': 'Tổng phải bằng tổng các dòng chi tiết.',
  'Give exactly one of dueDate and dueInWorkingDays':
    'Chọn hạn theo ngày hoặc theo số ngày làm việc.',
};

export type FieldErrors = Record<string, string>;

export function messageOf(message: string): string {
  return customMessages[message] ?? message;
}

/** Checks `value` against a schema: the parsed value, or the field errors by path. */
export function check<T>(
  schema: z.ZodMiniType<T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    errors[path] ??= messageOf(issue.message);
  }
  return { ok: false, errors };
}
