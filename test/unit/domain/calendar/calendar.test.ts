import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '#shared/domain/calendar/calendar.ts';
import { vietnamCalendar as calendar } from '#shared/domain/calendar/vietnam.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { formatLocalTime } from '#shared/domain/labels.ts';
import { overdueBound } from '#shared/domain/tasks.ts';

describe('working-day calendar of Viet Nam', () => {
  it('gives ten working days from Friday 4 July 2025 as Friday 18 July', () => {
    expect(calendar.addWorkingDays('2025-07-04', 10)).toBe('2025-07-18');
  });

  it('takes the whole Tết Bính Ngọ week of 2026 off (Mon 16 – Fri 20 February)', () => {
    for (const day of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
      expect(calendar.isWorkingDay(day), day).toBe(false);
      expect(calendar.holidayName(day)).toBe('Tết Nguyên đán Bính Ngọ');
    }
    expect(calendar.isWorkingDay('2026-02-13')).toBe(true); // Friday before
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true); // Monday after
  });

  it('counts across Tết 2026: the working day after Friday 13 February is Monday 23 February', () => {
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
    expect(calendar.addWorkingDays('2026-02-11', 5)).toBe('2026-02-25');
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-22')).toBe(0);
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
  });

  it('takes Tết Ất Tỵ 2025 off (Mon 27 – Fri 31 January)', () => {
    expect(calendar.addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
  });

  it('counts a make-up Saturday as a working day and its swapped Friday as a holiday', () => {
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true);
    expect(calendar.isWorkingDay('2025-05-02')).toBe(false);
    expect(calendar.addWorkingDays('2025-04-25', 1)).toBe('2025-04-26');
  });

  it('gives the business date in Viet Nam’s time, not UTC', () => {
    expect(calendar.dateOf('2025-07-03T17:30:00Z')).toBe('2025-07-04');
    expect(calendar.dateOf('2025-07-03T16:59:59Z')).toBe('2025-07-03');
  });

  it('refuses a year it has no holidays for rather than guess', () => {
    expect(() => calendar.isWorkingDay('2028-01-03')).toThrow(ValidationError);
  });

  it('finds the last working day on or before a day, for the overdue range', () => {
    expect(overdueBound('2026-02-20', calendar)).toBe('2026-02-13');
    expect(overdueBound('2026-02-23', calendar)).toBe('2026-02-23');
    expect(overdueBound('2025-07-20', calendar)).toBe('2025-07-18');
  });

  it('works from any holiday data given to it', () => {
    const custom = createCalendar({
      timeZone: 'Asia/Ho_Chi_Minh',
      utcOffset: '+07:00',
      years: [2030],
      holidays: [{ date: '2030-01-02', name: 'Ngày nghỉ thử' }],
      workingDays: [],
    });
    expect(custom.addWorkingDays('2030-01-01', 1)).toBe('2030-01-03');
  });
});

describe("Viet Nam's local date and time without the time-zone database", () => {
  const zone = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  // From 2000 to 2035, any instant: the fixed +07:00 arithmetic agrees with the zone data.
  const instants = fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2035-12-31T23:59:59Z'),
    noInvalidDate: true,
  });

  it('gives the same business date and local time as Asia/Ho_Chi_Minh (seed 20251127)', () => {
    fc.assert(
      fc.property(instants, (instant) => {
        const expected = zone.format(instant);
        expect(calendar.dateOf(instant)).toBe(expected.slice(0, 10));
        expect(calendar.dateOf(instant.toISOString())).toBe(expected.slice(0, 10));
        expect(formatLocalTime(instant.toISOString())).toBe(expected);
      }),
      { seed: 20251127, numRuns: 2000 },
    );
  });

  it('H1: shows a stored time that is no time as it is, instead of failing the read', () => {
    expect(formatLocalTime('not-a-time')).toBe('not-a-time');
    expect(formatLocalTime('2025-07-04T02:30:00Z')).toBe('2025-07-04 09:30');
  });

  it('turns the day at 17:00 UTC', () => {
    expect(calendar.dateOf('2025-07-04T16:59:59.999Z')).toBe('2025-07-04');
    expect(calendar.dateOf('2025-07-04T17:00:00Z')).toBe('2025-07-05');
  });
});
