import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  type BusinessDate,
  CalendarRangeError,
  describeGaps,
} from '#shared/domain/calendar/calendar.ts';
import { vietnamCalendar as calendar } from '#shared/domain/calendar/vietnam.ts';
import { type DigestRunDeps, type DigestStore, runDigest } from '#shared/domain/digests/run.ts';
import { overdueBound, taskStats, viewTask } from '#shared/domain/tasks.ts';
import type { Digest } from '#shared/schemas/digests.ts';
import type { Task } from '#shared/schemas/tasks.ts';
import { sampleTask } from '../../../../bench/fixtures/records.ts';
import { communeUnit, partyOffice, quietSource } from '../../fixtures.ts';

const dayMs = 86_400_000;
const dateAt = (ms: number): BusinessDate => new Date(ms).toISOString().slice(0, 10);
const msOf = (date: BusinessDate) => Date.parse(`${date}T00:00:00Z`);

/** Any date from `from` to `to`, as fast-check draws them. */
const dateIn = (from: BusinessDate, to: BusinessDate) =>
  fc.integer({ min: msOf(from) / dayMs, max: msOf(to) / dayMs }).map((d) => dateAt(d * dayMs));

/** The policy written out day by day: the data where it covers, Monday to Friday elsewhere. */
function oracle(from: BusinessDate, to: BusinessDate) {
  let value = 0;
  let estimated = false;
  for (let ms = msOf(from) + dayMs; ms <= msOf(to); ms += dayMs) {
    const date = dateAt(ms);
    if (calendar.covers(date)) {
      if (calendar.isWorkingDay(date)) value++;
    } else {
      estimated = true;
      const weekday = new Date(ms).getUTCDay();
      if (weekday !== 0 && weekday !== 6) value++;
    }
  }
  return { value, estimated };
}

describe('H1: the calendar read side', () => {
  it('H1: counts exactly as the strict side wherever the holiday data covers (seed 20251202)', () => {
    fc.assert(
      fc.property(
        dateIn('2025-01-01', '2027-12-31'),
        dateIn('2025-01-01', '2027-12-31'),
        fc.integer({ min: 1, max: 15 }),
        (a, b, n) => {
          const [from, to] = a <= b ? [a, b] : [b, a];
          expect(calendar.reckonWorkingDaysBetween(from, to)).toEqual({
            value: calendar.workingDaysBetween(from, to),
            estimated: false,
          });
          expect(calendar.reckonWorkingDay(a)).toEqual({
            value: calendar.isWorkingDay(a),
            estimated: false,
          });
          if (a <= '2027-11-30') {
            expect(calendar.reckonAddWorkingDays(a, n)).toEqual({
              value: calendar.addWorkingDays(a, n),
              estimated: false,
            });
          }
        },
      ),
      { seed: 20251202, numRuns: 150 },
    );
  });

  it('H1: counts a year the data lacks Monday to Friday and says it is estimated (seed 20251202)', () => {
    fc.assert(
      fc.property(dateIn('2023-06-01', '2029-06-30'), fc.integer({ min: 0, max: 800 }), (a, n) => {
        const b = addCalendarDays(a, n);
        expect(calendar.reckonWorkingDaysBetween(a, b)).toEqual(oracle(a, b));
      }),
      { seed: 20251202, numRuns: 150 },
    );
  });

  it('H1: counts any stored span in constant time, and spans add up (seed 20251202)', () => {
    const started = performance.now();
    const whole = calendar.reckonWorkingDaysBetween('0000-01-01', '9999-12-31');
    expect(performance.now() - started).toBeLessThan(50);
    expect(whole?.estimated).toBe(true);
    // 10,000 Gregorian years are 521,775 whole weeks; the day left out, 1 January of year 0,
    // is a Saturday. Less the holidays on weekdays of the years the data covers.
    expect(whole?.value).toBe(521_775 * 5 - holidaysOnWeekdays());
    fc.assert(
      fc.property(
        dateIn('0000-01-01', '9999-12-31'),
        dateIn('0000-01-01', '9999-12-31'),
        dateIn('0000-01-01', '9999-12-31'),
        (x, y, z) => {
          const [a, b, c] = [x, y, z].sort();
          const ab = calendar.reckonWorkingDaysBetween(a, b)?.value ?? Number.NaN;
          const bc = calendar.reckonWorkingDaysBetween(b, c)?.value ?? Number.NaN;
          expect(calendar.reckonWorkingDaysBetween(a, c)?.value).toBe(ab + bc);
        },
      ),
      { seed: 20251202, numRuns: 150 },
    );
  });

  it('H1: gives no answer for a stored value that is no date, and a watched calendar names it', () => {
    const { calendar: watched, gaps } = calendar.watch();
    for (const value of ['not-a-date', '2025-02-30', '2025-7-18', '', 20250718, null, undefined]) {
      expect(watched.reckonWorkingDaysBetween(value, '2025-07-18', 'task T1')).toBeUndefined();
      expect(watched.reckonWorkingDay(value, 'task T1')).toBeUndefined();
      expect(watched.reckonAddWorkingDays(value, 2, 'task T1')).toBeUndefined();
    }
    expect(watched.reckonDateOf('yesterday', 'obstacle O1')).toBeUndefined();
    expect(watched.reckonDateOf('2025-07-03T17:30:00Z')).toBe('2025-07-04');
    expect(gaps().unreadable).toContainEqual({ about: 'task T1', value: '2025-02-30' });
    expect(gaps().unreadable).toContainEqual({ about: 'obstacle O1', value: 'yesterday' });
    expect(gaps().estimatedYears).toEqual([]);
    // The shared calendar itself noted nothing: a watch belongs to one run.
    expect(calendar.watch().gaps()).toEqual({ estimatedYears: [], unreadable: [] });
  });
});

/** Holidays on weekdays in the shipped data (the whole-span count is Mon–Fri less these). */
function holidaysOnWeekdays(): number {
  let n = 0;
  for (const year of calendar.years) {
    for (let ms = msOf(`${year}-01-01`); ms <= msOf(`${year}-12-31`); ms += dayMs) {
      const weekday = new Date(ms).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      if (weekend && calendar.isWorkingDay(dateAt(ms))) n--;
      if (!weekend && !calendar.isWorkingDay(dateAt(ms))) n++;
    }
  }
  return n;
}

const anPhu = communeUnit('an-phu', 'An Phú', { contacts: ['ttphvhc.an-phu@haiphong.example'] });

// The lead (chủ trì) of the task; a variable, so the fixture fits the assignee shape before
// and after the lead/co-ordinator model.
const anPhuLead = { kind: 'unit', id: 'an-phu', name: 'An Phú', role: 'lead' } as const;

function task(id: string, dates: Partial<Task>): Task {
  return sampleTask({
    id,
    title: `Nhiệm vụ ${id}`,
    assignees: [anPhuLead],
    assignedOn: '2027-12-01',
    originalDue: '2027-12-29',
    currentDue: '2027-12-29',
    createdAt: '2027-12-01T02:00:00Z',
    updatedAt: '2027-12-01T02:00:00Z',
    ...dates,
  });
}

function memoryDeps(tasks: Task[]) {
  const digests = new Map<string, Digest>();
  const sent: string[] = [];
  const logged: string[] = [];
  const store: DigestStore = {
    async putIfAbsent(digest) {
      if (digests.has(digest.id)) return 'exists';
      digests.set(digest.id, digest);
      return 'created';
    },
    listPeriod: async (kind, period) =>
      [...digests.values()].filter((d) => d.kind === kind && d.period === period),
    claim: async () => true,
    async markSent(digest) {
      digests.set(digest.id, { ...digest, delivery: { status: 'sent', attempts: 1 } });
    },
    markFailed: async () => undefined,
  };
  const source = quietSource({
    units: async () => [anPhu],
    orgs: async () => [partyOffice],
    leaders: async () => [
      { id: 'le-van-hieu', name: 'Lê Văn Hiệu', title: 't', titleEn: 't', email: 'lvh@hp.example' },
    ],
    openTasksDueBefore: async (_assignee, date) => tasks.filter((t) => t.currentDue < date),
  });
  const deps: DigestRunDeps = {
    source,
    store,
    mailer: { send: async (m) => void sent.push(m.subject) },
    escalations: { recordTaskLevel: async () => true, recordObstacleEscalation: async () => true },
    calendar,
    cityOffice: async () => partyOffice,
    baseUrl: 'https://thaogo.haiphong.example',
    now: () => '2028-01-03T01:00:00.000Z',
    log: (line) => void logged.push(line),
  };
  return { deps, digests, sent, logged };
}

describe('H1: when the holiday data ends (data through 2027, a run in January 2028)', () => {
  const late = task('T2027', {});

  it('H1: still refuses 2028 on the write side', () => {
    expect(calendar.years.at(-1)).toBe(2027);
    expect(() => calendar.isWorkingDay('2028-01-03')).toThrow(CalendarRangeError);
    expect(() => calendar.addWorkingDays('2027-12-30', 3)).toThrow(CalendarRangeError);
  });

  it('H1: reads 2 January 2028 as a Sunday and 3 January as a working day, both estimated', () => {
    expect(calendar.reckonWorkingDay('2028-01-02')).toEqual({ value: false, estimated: true });
    expect(calendar.reckonWorkingDay('2028-01-03')).toEqual({ value: true, estimated: true });
    expect(overdueBound('2028-01-02', calendar)).toBe('2027-12-31');
    expect(overdueBound('2028-01-04', calendar)).toBe('2028-01-04');
  });

  it('H1: shows a task due 29 December 2027 as 2 and then 3 working days overdue, estimated', () => {
    expect(viewTask(late, '2028-01-02', calendar)).toMatchObject({
      overdue: true,
      overdueWorkingDays: 2,
      calendarGap: 'estimated',
    });
    expect(viewTask(late, '2028-01-03', calendar)).toMatchObject({
      overdueWorkingDays: 3,
      calendarGap: 'estimated',
    });
    // Seen from within the data, nothing is estimated and nothing is flagged.
    expect(viewTask(late, '2027-12-31', calendar)).not.toHaveProperty('calendarGap');
    expect(taskStats([late], '2028-01-03', calendar)).toMatchObject({
      overdue: 1,
      calendarGap: 'estimated',
    });
  });

  it('H1: shows a due date that is no date without figures, flagged unavailable', () => {
    const broken = task('TBAD', { currentDue: '2027-13-01' });
    const view = viewTask(broken, '2027-12-31', calendar);
    expect(view.calendarGap).toBe('unavailable');
    expect(view).not.toHaveProperty('overdue');
    expect(view).not.toHaveProperty('overdueWorkingDays');
    expect(taskStats([broken, late], '2027-12-31', calendar)).toMatchObject({
      total: 2,
      overdue: 1,
      calendarGap: 'unavailable',
    });
  });

  it('H1: a run on Sunday 2 January 2028 skips the day as a weekend and warns once', async () => {
    const { deps, logged } = memoryDeps([late]);
    const report = await runDigest('end-of-day', '2028-01-02T17:00:00+07:00', deps);
    expect(report.skipped).toBe(
      '2028-01-02 is not a working day (weekend; no holiday data for its year)',
    );
    expect(report.calendarGaps?.estimatedYears).toEqual([2028]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('no data for 2028 (it covers 2025–2027)');
  });

  it('H1: end-of-day, escalation and weekly runs of 3 January 2028 complete, send, and warn once each', async () => {
    // Sorts among the dates, so every digest's due-date range reads it, yet is no date.
    const broken = task('TBAD', { currentDue: '2027-12-32' });
    const { deps, digests, sent, logged } = memoryDeps([late, broken]);
    const reports = [
      await runDigest('end-of-day', '2028-01-03T17:00:00+07:00', deps),
      await runDigest('escalation', '2028-01-03T08:00:00+07:00', deps),
      await runDigest('weekly', '2028-01-03T07:00:00+07:00', deps),
    ];
    for (const report of reports) {
      expect(report.skipped).toBeUndefined();
      expect(report.failed).toEqual([]);
      expect(report.sent).toBe(report.composed);
      expect(report.sent).toBeGreaterThan(0);
      expect(report.calendarGaps).toEqual({
        estimatedYears: [2028],
        unreadable: [{ about: 'task TBAD', value: '2027-12-32' }],
      });
    }
    expect(sent).toHaveLength(reports.reduce((n, r) => n + r.sent, 0));
    expect(logged).toHaveLength(3);
    for (const line of logged) {
      expect(line).toContain('no data for 2028');
      expect(line).toContain('task TBAD: "2027-12-32"');
    }
    const lines = [...digests.values()].flatMap((d) => d.sections.flatMap((s) => s.lines));
    const about = lines.filter((l) => l.link === '/tasks/T2027').map((l) => l.text);
    expect(about).toContain('Nhiệm vụ T2027 (quá hạn 3 ngày làm việc (ước tính), hạn 29/12/2027)');
    // Level 2 at 3 working days overdue: the city office hears of it.
    const escalation = [...digests.values()].find(
      (d) => d.kind === 'escalation' && d.recipient.key === 'org:van-phong-thanh-uy',
    );
    expect(
      escalation?.sections.find((s) => s.title.startsWith('Nhiệm vụ cảnh báo mức 2 '))?.lines,
    ).toHaveLength(1);
  });

  it('H1: the warning names the years and the items, and nothing when nothing was met', () => {
    expect(describeGaps({ estimatedYears: [], unreadable: [] }, calendar)).toBeUndefined();
    expect(describeGaps({ estimatedYears: [2024, 2028], unreadable: [] }, calendar)).toMatch(
      /^The holiday calendar has no data for 2024, 2028 \(it covers 2025–2027\)/,
    );
  });
});
