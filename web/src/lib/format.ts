/** How the app writes what officials read: dates dd/mm/yyyy, Vietnamese order, working days. */
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';

export const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

export function byVietnamese<T>(key: (item: T) => string) {
  return (a: T, b: T) => collator.compare(key(a), key(b));
}

/** `2025-07-04` → `04/07/2025`. */
export function formatDate(date: string | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date ?? '');
  return match ? `${match[3]}/${match[2]}/${match[1]}` : (date ?? '');
}

/** An instant, in Viet Nam's time: `04/07/2025 09:30`. */
export function formatInstant(instant: string | undefined): string {
  if (!instant) return '';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const local = new Date(d.getTime() + 7 * 3600_000).toISOString();
  return `${formatDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

/** `dd/mm/yyyy` typed by a person → `yyyy-mm-dd`, or undefined when it is no date. */
export function parseDate(text: string): string | undefined {
  const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!match) return /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? text.trim() : undefined;
  const [, d, m, y] = match;
  const iso = `${y}-${m?.padStart(2, '0')}-${d?.padStart(2, '0')}`;
  const check = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(check.getTime()) && check.toISOString().startsWith(iso) ? iso : undefined;
}

/** Today in Viet Nam, `yyyy-mm-dd`. */
export function today(now = new Date()): string {
  return vietnamCalendar.dateOf(now);
}

/**
 * Where a due date stands in working days: "còn 3 ngày làm việc", "hạn hôm nay",
 * "quá hạn 2 ngày làm việc". Overdue figures come from the server when it gives them.
 */
export function dueText(
  due: string,
  options: { overdueWorkingDays?: number; done?: boolean; asOf?: string } = {},
): { text: string; tone: 'ok' | 'warn' | 'bad' | '' } {
  if (options.done) return { text: `hạn ${formatDate(due)}`, tone: '' };
  const asOf = options.asOf ?? today();
  if (options.overdueWorkingDays && options.overdueWorkingDays > 0)
    return { text: `quá hạn ${options.overdueWorkingDays} ngày làm việc`, tone: 'bad' };
  if (due === asOf) return { text: 'hạn hôm nay', tone: 'warn' };
  const left = vietnamCalendar.reckonWorkingDaysBetween(asOf, due);
  if (due < asOf) {
    const late = vietnamCalendar.reckonWorkingDaysBetween(due, asOf);
    return { text: `quá hạn ${late?.value ?? '?'} ngày làm việc`, tone: 'bad' };
  }
  if (!left) return { text: `hạn ${formatDate(due)}`, tone: '' };
  return {
    text: `còn ${left.value} ngày làm việc`,
    tone: left.value <= 2 ? 'warn' : 'ok',
  };
}

export function percent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : `${Math.round(ratio * 1000) / 10}%`;
}
