/**
 * Working-day arithmetic in Viet Nam's time: weekends and public holidays (Tết included)
 * are not working days; a Saturday listed as a make-up day is. Pure: the holiday data is
 * passed in, so tests and other provinces can bring their own.
 *
 * Two sides, on purpose:
 * - Writes use the strict methods (`isWorkingDay`, `addWorkingDays`, `workingDaysBetween`):
 *   a date in a year the data lacks is refused (CalendarRangeError, a 400) rather than
 *   guessed, so nothing new is ever stored on a guess.
 * - Reads use the `reckon…` methods, which never throw: whatever is stored, and whatever
 *   day it is, a list, an export, an overview or a digest answers. A day in a year the data
 *   lacks (before the first, or after the last once it has passed) counts by weekends
 *   alone, Monday to Friday, and the answer says it is `estimated`; a stored value that is
 *   no date at all gives no answer (`undefined`), and the caller shows the item without
 *   its working-day figures. A digest run watches its calendar (`watch`) and logs each
 *   gap once, so operators add the missing year.
 */
import { ValidationError } from '../errors.ts';
import {
  type BusinessDate,
  countIn,
  dayMs,
  fromUtcMs,
  isWeekend,
  offsetToMs,
  readDate,
  toUtcMs,
  weekdaysAfter,
} from './days.ts';
import type { CalendarGaps, Reckoned } from './gaps.ts';

export { addCalendarDays, type BusinessDate, calendarDaysBetween } from './days.ts';
export {
  type CalendarGap,
  type CalendarGaps,
  describeGaps,
  gapOf,
  type Reckoned,
  worstGap,
} from './gaps.ts';

export interface CalendarData {
  timeZone: string;
  /** The zone's fixed offset (Viet Nam keeps no daylight saving time). */
  utcOffset: string;
  years: number[];
  holidays: { date: string; name: string }[];
  workingDays: { date: string; name: string }[];
}

export class CalendarRangeError extends ValidationError {}

export interface Calendar {
  timeZone: string;
  /** The years the holiday data covers, ascending. */
  years: readonly number[];
  /** The business date of an instant, in the calendar's time zone. */
  dateOf(instant: string | Date): BusinessDate;
  /** The first and last instants of a business day, in UTC ISO form. */
  dayBounds(date: BusinessDate): { from: string; to: string };
  holidayName(date: BusinessDate): string | undefined;
  /** Whether the data covers the date's year. */
  covers(date: BusinessDate): boolean;

  /** Strict (writes): refuses a year the data lacks. */
  isWorkingDay(date: BusinessDate): boolean;
  /** Strict (writes): the n-th working day after `date` (n ≥ 1); `date` itself does not count. */
  addWorkingDays(date: BusinessDate, n: number): BusinessDate;
  /** Strict: working days after `from` up to and including `to`; 0 when `to` is not after `from`. */
  workingDaysBetween(from: BusinessDate, to: BusinessDate): number;

  /** Read side: the business date of a stored instant, or undefined if it is none. */
  reckonDateOf(instant: unknown, about?: string): BusinessDate | undefined;
  /** Read side: whether a day is a working day; undefined for a value that is no date. */
  reckonWorkingDay(date: unknown, about?: string): Reckoned<boolean> | undefined;
  /** Read side: the n-th working day after `date`. */
  reckonAddWorkingDays(
    date: unknown,
    n: number,
    about?: string,
  ): Reckoned<BusinessDate> | undefined;
  /** Read side: working days in (from, to], in constant time whatever the span. */
  reckonWorkingDaysBetween(
    from: unknown,
    to: unknown,
    about?: string,
  ): Reckoned<number> | undefined;

  /** The same calendar, noting every gap its reads meet; `gaps()` says what it met so far. */
  watch(): { calendar: Calendar; gaps(): CalendarGaps };
}

interface Observer {
  estimated(year: number): void;
  unreadable(about: string | undefined, value: unknown): void;
}

export function createCalendar(data: CalendarData): Calendar {
  const years = new Set(data.years);
  const holidays = new Map(data.holidays.map((h) => [h.date, h.name]));
  const makeUpDays = new Set(data.workingDays.map((d) => d.date));
  // The read side counts by arithmetic: Mon–Fri days, less the weekday holidays, plus the
  // make-up weekend days, of covered years only (an uncovered year is Mon–Fri by policy).
  const inCoveredYear = (date: string) => years.has(Number(date.slice(0, 4)));
  const weekdayHolidays = [...holidays.keys()]
    .filter((d) => inCoveredYear(d) && !makeUpDays.has(d))
    .map(toUtcMs)
    .filter((ms) => !isWeekend(ms))
    .sort((a, b) => a - b);
  const weekendWorkingDays = [...makeUpDays]
    .filter(inCoveredYear)
    .map(toUtcMs)
    .filter(isWeekend)
    .sort((a, b) => a - b);
  // Viet Nam keeps one offset all year (no daylight saving), so a business date is the UTC
  // date of the instant moved by that offset: no time-zone database to load at init.
  const offsetMs = offsetToMs(data.utcOffset);
  return build({
    data,
    years,
    holidays,
    makeUpDays,
    weekdayHolidays,
    weekendWorkingDays,
    offsetMs,
  });
}

interface Core {
  data: CalendarData;
  years: Set<number>;
  holidays: Map<string, string>;
  makeUpDays: Set<string>;
  weekdayHolidays: number[];
  weekendWorkingDays: number[];
  offsetMs: number;
}

function build(core: Core, observer?: Observer): Calendar {
  const { data, years, holidays, makeUpDays, offsetMs } = core;
  const yearOf = (ms: number) => new Date(ms).getUTCFullYear();
  const sortedYears = [...years].sort((a, b) => a - b);

  function covered(date: BusinessDate): void {
    const year = Number(date.slice(0, 4));
    if (!years.has(year)) {
      throw new CalendarRangeError(`The holiday calendar has no data for ${year}.`, [
        { field: 'date', message: `No holiday calendar for ${year}; add it to the calendar data` },
      ]);
    }
  }

  function read(value: unknown, about: string | undefined): number | undefined {
    const ms = readDate(value);
    if (ms === undefined) observer?.unreadable(about, value);
    return ms;
  }

  /** Whether (from, to] holds a day of an uncovered year; a watching calendar notes which. */
  function estimates(fromMs: number, toMs: number): boolean {
    if (toMs <= fromMs) return false;
    const first = yearOf(fromMs + dayMs);
    const last = yearOf(toMs);
    const coveredInSpan = sortedYears.filter((y) => y >= first && y <= last).length;
    if (last - first + 1 === coveredInSpan) return false;
    if (observer) {
      // A span of centuries (a stored year 0001) notes its ends and the years next to the
      // data, the ones an operator would add, not every year between.
      const candidates =
        last - first <= 50
          ? Array.from({ length: last - first + 1 }, (_, i) => first + i)
          : [first, last, ...sortedYears.flatMap((y) => [y - 1, y + 1])];
      for (const year of candidates) {
        if (year >= first && year <= last && !years.has(year)) observer.estimated(year);
      }
    }
    return true;
  }

  function workingDayAt(ms: number): boolean {
    const date = fromUtcMs(ms);
    if (!years.has(yearOf(ms))) return !isWeekend(ms);
    if (makeUpDays.has(date)) return true;
    return !isWeekend(ms) && !holidays.has(date);
  }

  const calendar: Calendar = {
    timeZone: data.timeZone,
    years: sortedYears,

    dateOf(instant) {
      const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
      return fromUtcMs(ms + offsetMs);
    },

    dayBounds(date) {
      const start = Date.parse(`${date}T00:00:00${data.utcOffset}`);
      return { from: new Date(start).toISOString(), to: new Date(start + dayMs - 1).toISOString() };
    },

    holidayName(date) {
      return holidays.get(date);
    },

    covers(date) {
      return years.has(Number(date.slice(0, 4)));
    },

    isWorkingDay(date) {
      covered(date);
      if (makeUpDays.has(date)) return true;
      if (isWeekend(toUtcMs(date))) return false;
      return !holidays.has(date);
    },

    addWorkingDays(date, n) {
      let ms = toUtcMs(date);
      let left = n;
      while (left > 0) {
        ms += dayMs;
        if (calendar.isWorkingDay(fromUtcMs(ms))) left--;
      }
      return fromUtcMs(ms);
    },

    workingDaysBetween(from, to) {
      let count = 0;
      for (let ms = toUtcMs(from) + dayMs; ms <= toUtcMs(to); ms += dayMs) {
        if (calendar.isWorkingDay(fromUtcMs(ms))) count++;
      }
      return count;
    },

    reckonDateOf(instant, about) {
      const ms = typeof instant === 'string' ? Date.parse(instant) : Number.NaN;
      if (Number.isNaN(ms)) {
        observer?.unreadable(about, instant);
        return undefined;
      }
      return fromUtcMs(ms + offsetMs);
    },

    reckonWorkingDay(date, about) {
      const ms = read(date, about);
      if (ms === undefined) return undefined;
      return { value: workingDayAt(ms), estimated: estimates(ms - dayMs, ms) };
    },

    reckonAddWorkingDays(date, n, about) {
      const start = read(date, about);
      if (start === undefined) return undefined;
      let ms = start;
      let left = n;
      // Every week of any year has working days, so this ends within n weeks or so.
      while (left > 0) {
        ms += dayMs;
        if (workingDayAt(ms)) left--;
      }
      return { value: fromUtcMs(ms), estimated: estimates(start, ms) };
    },

    reckonWorkingDaysBetween(from, to, about) {
      const fromMs = read(from, about);
      const toMs = read(to, about);
      if (fromMs === undefined || toMs === undefined) return undefined;
      if (toMs <= fromMs) return { value: 0, estimated: false };
      const value =
        weekdaysAfter(fromMs, toMs) -
        countIn(core.weekdayHolidays, fromMs, toMs) +
        countIn(core.weekendWorkingDays, fromMs, toMs);
      return { value, estimated: estimates(fromMs, toMs) };
    },

    watch() {
      const estimatedYears = new Set<number>();
      const unreadable = new Map<string, string>();
      const watched = build(core, {
        estimated: (year) => estimatedYears.add(year),
        unreadable: (about, value) => {
          const shown = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
          unreadable.set(`${about ?? 'a stored value'}\u0000${shown}`, shown.slice(0, 80));
        },
      });
      return {
        calendar: watched,
        gaps: () => ({
          estimatedYears: [...estimatedYears].sort((a, b) => a - b),
          unreadable: [...unreadable.entries()].map(([key, value]) => ({
            about: key.slice(0, key.indexOf('\u0000')),
            value,
          })),
        }),
      };
    },
  };
  return calendar;
}
