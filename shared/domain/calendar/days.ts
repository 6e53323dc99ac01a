/** Business dates and the arithmetic of days, in UTC milliseconds: no holiday data needed. */

/** A date without a time: `2026-02-17`. */
export type BusinessDate = string;

export const dayMs = 86_400_000;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export function toUtcMs(date: BusinessDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function fromUtcMs(ms: number): BusinessDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day's UTC midnight if the value is a real `YYYY-MM-DD` date, else undefined. */
export function readDate(value: unknown): number | undefined {
  if (typeof value !== 'string' || !datePattern.test(value)) return undefined;
  const ms = toUtcMs(value);
  if (Number.isNaN(ms) || fromUtcMs(ms) !== value) return undefined;
  return ms;
}

export function isWeekend(ms: number): boolean {
  const weekday = new Date(ms).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Monday-to-Friday days after `fromMs` up to and including `toMs`, in constant time. */
export function weekdaysAfter(fromMs: number, toMs: number): number {
  const days = Math.round((toMs - fromMs) / dayMs);
  if (days <= 0) return 0;
  let count = Math.floor(days / 7) * 5;
  const start = new Date(fromMs).getUTCDay();
  for (let i = 1; i <= days % 7; i++) {
    const weekday = (start + i) % 7;
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}

/** How many of the sorted values lie in (from, to]. */
export function countIn(sorted: number[], fromMs: number, toMs: number): number {
  const upper = (bound: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as number) <= bound) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return toMs <= fromMs ? 0 : upper(toMs) - upper(fromMs);
}

/** `+07:00` → milliseconds east of UTC. */
export function offsetToMs(offset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) throw new Error(`Calendar data has a malformed utcOffset: ${offset}`);
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return (match[1] === '-' ? -minutes : minutes) * 60_000;
}

/** A date n calendar days later (n may be negative); no holiday data needed. */
export function addCalendarDays(date: BusinessDate, n: number): BusinessDate {
  return fromUtcMs(toUtcMs(date) + n * dayMs);
}

/** Calendar days from one date to another (negative if `to` is earlier). */
export function calendarDaysBetween(from: BusinessDate, to: BusinessDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / dayMs);
}
