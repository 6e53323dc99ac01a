/**
 * Working-day arithmetic in Viet Nam's time: weekends and public holidays (Tết included)
 * are not working days; a Saturday listed as a make-up day is. Pure: the holiday data is
 * passed in, so tests and other provinces can bring their own.
 */
import { ValidationError } from '../errors.ts';

export interface CalendarData {
  timeZone: string;
  /** The zone's fixed offset (Viet Nam keeps no daylight saving time). */
  utcOffset: string;
  years: number[];
  holidays: { date: string; name: string }[];
  workingDays: { date: string; name: string }[];
}

/** A date without a time: `2026-02-17`. */
export type BusinessDate = string;

const dayMs = 86_400_000;

function toUtcMs(date: BusinessDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function fromUtcMs(ms: number): BusinessDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `+07:00` → milliseconds east of UTC. */
function offsetToMs(offset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) throw new Error(`Calendar data has a malformed utcOffset: ${offset}`);
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return (match[1] === '-' ? -minutes : minutes) * 60_000;
}

export class CalendarRangeError extends ValidationError {}

export function createCalendar(data: CalendarData) {
  const holidays = new Map(data.holidays.map((h) => [h.date, h.name]));
  const makeUpDays = new Set(data.workingDays.map((d) => d.date));
  const years = new Set(data.years);
  // Viet Nam keeps one offset all year (no daylight saving), so a business date is the UTC
  // date of the instant moved by that offset: no time-zone database to load at init.
  const offsetMs = offsetToMs(data.utcOffset);

  function covered(date: BusinessDate): void {
    const year = Number(date.slice(0, 4));
    if (!years.has(year)) {
      throw new CalendarRangeError(`The holiday calendar has no data for ${year}.`, [
        { field: 'date', message: `No holiday calendar for ${year}; add it to the calendar data` },
      ]);
    }
  }

  const calendar = {
    timeZone: data.timeZone,

    /** The business date of an instant, in the calendar's time zone. */
    dateOf(instant: string | Date): BusinessDate {
      const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
      return fromUtcMs(ms + offsetMs);
    },

    /** The first and last instants of a business day, in UTC ISO form. */
    dayBounds(date: BusinessDate): { from: string; to: string } {
      const start = Date.parse(`${date}T00:00:00${data.utcOffset}`);
      return { from: new Date(start).toISOString(), to: new Date(start + dayMs - 1).toISOString() };
    },

    holidayName(date: BusinessDate): string | undefined {
      return holidays.get(date);
    },

    isWorkingDay(date: BusinessDate): boolean {
      covered(date);
      if (makeUpDays.has(date)) return true;
      const weekday = new Date(toUtcMs(date)).getUTCDay();
      if (weekday === 0 || weekday === 6) return false;
      return !holidays.has(date);
    },

    /** The n-th working day after `date` (n ≥ 1); `date` itself does not count. */
    addWorkingDays(date: BusinessDate, n: number): BusinessDate {
      let ms = toUtcMs(date);
      let left = n;
      while (left > 0) {
        ms += dayMs;
        if (calendar.isWorkingDay(fromUtcMs(ms))) left--;
      }
      return fromUtcMs(ms);
    },

    /** Working days after `from` up to and including `to`; 0 when `to` is not after `from`. */
    workingDaysBetween(from: BusinessDate, to: BusinessDate): number {
      let count = 0;
      for (let ms = toUtcMs(from) + dayMs; ms <= toUtcMs(to); ms += dayMs) {
        if (calendar.isWorkingDay(fromUtcMs(ms))) count++;
      }
      return count;
    },
  };
  return calendar;
}

export type Calendar = ReturnType<typeof createCalendar>;

/** A date n calendar days later (n may be negative); no holiday data needed. */
export function addCalendarDays(date: BusinessDate, n: number): BusinessDate {
  return fromUtcMs(toUtcMs(date) + n * dayMs);
}

/** Calendar days from one date to another (negative if `to` is earlier). */
export function calendarDaysBetween(from: BusinessDate, to: BusinessDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / dayMs);
}
