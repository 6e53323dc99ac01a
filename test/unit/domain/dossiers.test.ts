import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import type { Caller } from '#shared/domain/caller.ts';
import {
  type DossierChain,
  type DossierStore,
  type DossierWrite,
  submitDossierReport,
} from '#shared/domain/dossiers.ts';
import {
  AlreadyExistsError,
  LimitReachedError,
  PreconditionFailedError,
  type ProductError,
  ValidationError,
  WriteConflictError,
} from '#shared/domain/errors.ts';
import type { UnitStore } from '#shared/domain/units.ts';
import type { DossierReport, DossierReportInput } from '#shared/schemas/dossiers.ts';
import { communeUnit } from '../fixtures.ts';

const unitId = 'xa-mau';
const clerk: Caller = { sub: 'c-1', name: 'Văn thư', role: 'commune', unitId, leaderIds: [] };
const units: UnitStore = {
  listUnits: async () => [],
  getUnit: async (id) => (id === unitId ? communeUnit(id, 'Xã Mẫu') : undefined),
  putUnitIfAbsent: async () => 'created',
};

/** Lets other pending work run, as a round trip to the table would. */
const roundTrip = () => new Promise<void>((resolve) => setImmediate(resolve));
const copy = <T>(value: T): T => structuredClone(value);

/**
 * The store as the table behaves: a write checks the report's version, the unit's revision
 * and each carried report's version, then applies everything, or nothing.
 */
function memoryStore(maxCarried = 97) {
  const reports = new Map<string, DossierReport>();
  const versions: DossierReport[] = [];
  let revision = 0;
  const ordered = () => [...reports.values()].sort((a, b) => a.date.localeCompare(b.date));
  const store: DossierStore & { snapshot(): string; writes: number } = {
    maxCarried,
    writes: 0,
    async get(_unit, date) {
      await roundTrip();
      return copy(reports.get(date));
    },
    async chain(_unit, date): Promise<DossierChain> {
      await roundTrip();
      const read = revision;
      // Another write may land between the revision and the reports, as on the table.
      await roundTrip();
      const all = copy(ordered());
      return {
        revision: read,
        previous: all.filter((r) => r.date < date).at(-1),
        existing: all.find((r) => r.date === date),
        later: all.filter((r) => r.date > date).slice(0, maxCarried + 1),
      };
    },
    async write({ report, expectedVersion, carried, revision: expected }: DossierWrite) {
      await roundTrip();
      const current = reports.get(report.date);
      if (expectedVersion === undefined ? current : current?.version !== expectedVersion) {
        throw expectedVersion === undefined
          ? new AlreadyExistsError('filed meanwhile')
          : new PreconditionFailedError('changed meanwhile');
      }
      if (revision !== expected) throw new WriteConflictError('revision moved');
      for (const later of carried) {
        if (reports.get(later.date)?.version !== later.version)
          throw new WriteConflictError('a later report moved');
      }
      reports.set(report.date, copy(report));
      versions.push(copy(report));
      for (const later of carried) reports.set(later.date, copy(later));
      revision++;
      store.writes++;
    },
    list: async (_unit, from, to) => copy(ordered().filter((r) => r.date >= from && r.date <= to)),
    history: async (_unit, date) => copy(versions.filter((v) => v.date === date)),
    listByDate: async (date) => copy(ordered().filter((r) => r.date === date)),
    snapshot: () => JSON.stringify([ordered(), versions]),
  };
  return { store, ordered };
}

const deps = (store: DossierStore) => ({
  dossiers: store,
  units,
  calendar: vietnamCalendar,
  now: () => '2026-12-01T03:00:00Z',
});

const figures = (received: number, resolved: number, overdue = 0): DossierReportInput => ({
  received,
  resolved,
  resolvedOnTime: resolved,
  overdue,
});

/** Files or corrects a day as a clerk would: with the ETag of the report as last read. */
async function file(store: DossierStore, date: string, input: DossierReportInput) {
  const current = await store.get(unitId, date);
  return submitDossierReport(
    unitId,
    date,
    input,
    current ? `"${current.version}"` : undefined,
    clerk,
    deps(store),
  );
}

/** Every stored day agrees with the one before it, and with its own figures. */
function breaches(reports: DossierReport[]): string[] {
  const found: string[] = [];
  let carried = 0;
  for (const r of reports) {
    if (r.backlogIn !== carried) found.push(`${r.date}: backlogIn ${r.backlogIn}, not ${carried}`);
    if (r.backlogOut !== r.backlogIn + r.received - r.resolved)
      found.push(`${r.date}: backlogOut ${r.backlogOut} does not add up`);
    if (r.resolved > carried + r.received)
      found.push(`${r.date}: ${r.resolved} resolved of ${carried + r.received} in hand`);
    if (r.resolvedOnTime > r.resolved) found.push(`${r.date}: more on time than resolved`);
    if (r.overdue > carried + r.received - r.resolved)
      found.push(`${r.date}: more overdue than pending`);
    carried = r.backlogOut;
  }
  return found;
}

describe('L4: a day outside the holiday calendar', () => {
  for (const date of ['0000-06-02', '0001-06-02', '2024-12-31']) {
    it(`L4: refuses ${date} naming path.date, and writes nothing`, async () => {
      const { store } = memoryStore();
      const error = await file(store, date, figures(5, 2)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        {
          field: 'path.date',
          message: `Year ${Number(date.slice(0, 4))} is outside the holiday calendar (2025–2027)`,
        },
      ]);
      expect(store.writes).toBe(0);
    });
  }
});

describe('L4: a correction carries its backlog into every later day', () => {
  it('L4: checks a later day against the backlog a correction of an earlier day left', async () => {
    const { store, ordered } = memoryStore();
    await file(store, '2026-03-02', figures(10, 0));
    await file(store, '2026-03-03', figures(0, 0));
    // Monday had 4 in, not 10: Tuesday now carries 4 in and out.
    await file(store, '2026-03-02', figures(4, 0));
    expect(ordered().map((r) => [r.date, r.backlogIn, r.backlogOut, r.version])).toEqual([
      ['2026-03-02', 0, 4, 2],
      ['2026-03-03', 4, 4, 1],
    ]);
    const before = store.snapshot();
    const error = await file(store, '2026-03-04', figures(0, 8)).catch((e: unknown) => e);
    expect((error as ValidationError).issues).toEqual([
      {
        field: 'body.resolved',
        message: 'Resolved (8) exceeds received (0) plus the backlog carried in (4)',
      },
    ]);
    expect(store.snapshot()).toBe(before);
  });

  it('L4: refuses a correction that would leave a later day with more resolved than in hand', async () => {
    const { store } = memoryStore();
    await file(store, '2026-03-02', figures(10, 0));
    await file(store, '2026-03-04', figures(0, 8, 1));
    const before = store.snapshot();
    const fewer = await file(store, '2026-03-02', figures(6, 0)).catch((e: unknown) => e);
    expect((fewer as ValidationError).issues).toEqual([
      {
        field: 'body.received',
        message:
          'Would leave the report of 2026-03-04 with more resolved (8) than received (0) plus the backlog carried in (6)',
      },
    ]);
    // 9 in hand would do for the 8 resolved, but not for the 1 still overdue.
    const overdue = await file(store, '2026-03-02', figures(10, 2)).catch((e: unknown) => e);
    expect((overdue as ValidationError).issues).toEqual([
      {
        field: 'body.resolved',
        message:
          'Would leave the report of 2026-03-04 with more overdue (1) than still pending (0)',
      },
    ]);
    // A day reported late counts too: Tuesday's 3 resolved come out of what Wednesday had.
    const late = await file(store, '2026-03-03', figures(0, 3)).catch((e: unknown) => e);
    expect((late as ValidationError).issues).toEqual([
      {
        field: 'body.resolved',
        message:
          'Would leave the report of 2026-03-04 with more resolved (8) than received (0) plus the backlog carried in (7)',
      },
    ]);
    expect(store.snapshot()).toBe(before);
  });

  it('L4: refuses a change that would carry into more later reports than one write holds, and writes nothing', async () => {
    const { store, ordered } = memoryStore(1);
    for (const date of ['2026-03-02', '2026-03-03', '2026-03-04']) {
      await file(store, date, figures(10, 5));
    }
    const before = store.snapshot();
    const error = await file(store, '2026-03-02', figures(12, 5)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitReachedError);
    expect((error as Error).message).toContain('more than 1 later reports');
    expect(store.snapshot()).toBe(before);
    // The same received minus resolved carries nothing, so it is always possible.
    await file(store, '2026-03-02', figures(12, 7));
    expect(breaches(ordered())).toEqual([]);
  });

  it('L4: two late reports of different days filed at once each count the other', async () => {
    const { store, ordered } = memoryStore();
    await file(store, '2026-03-05', figures(0, 0));
    await Promise.all([
      file(store, '2026-03-02', figures(10, 0)),
      file(store, '2026-03-03', figures(5, 0)),
    ]);
    expect(ordered().map((r) => [r.date, r.backlogIn, r.backlogOut])).toEqual([
      ['2026-03-02', 0, 10],
      ['2026-03-03', 10, 15],
      ['2026-03-05', 15, 15],
    ]);
  });
});

describe('L4: any sequence of submissions and corrections', () => {
  const days = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
  const submission = fc
    .record({
      day: fc.integer({ min: 0, max: days.length - 1 }),
      received: fc.nat(8),
      resolved: fc.nat(12),
      onTime: fc.nat(12),
      overdue: fc.nat(5),
    })
    .map(({ day, received, resolved, onTime, overdue }) => ({
      date: days[day] as string,
      input: { received, resolved, resolvedOnTime: Math.min(onTime, resolved), overdue },
    }));
  // Mostly one at a time; sometimes two clerks at once.
  const step = fc.oneof(
    { weight: 3, arbitrary: submission.map((s) => [s]) },
    { weight: 1, arbitrary: fc.tuple(submission, submission) },
  );

  it('L4: every day holds no more resolved than in hand, no more overdue than pending, and a refusal writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 20 }), async (steps) => {
        // A small transaction, so that some corrections meet the limit too.
        const { store, ordered } = memoryStore(2);
        const accepted = new Map<string, DossierReportInput>();
        for (const batch of steps) {
          const before = store.snapshot();
          const outcomes = await Promise.all(
            batch.map(({ date, input }) =>
              file(store, date, input).then(
                () => {
                  accepted.set(date, input);
                  return 'ok';
                },
                (error: unknown) => {
                  // Refusals and races lost are answers; anything else is a fault.
                  if (
                    error instanceof ValidationError ||
                    error instanceof LimitReachedError ||
                    error instanceof PreconditionFailedError ||
                    error instanceof AlreadyExistsError
                  )
                    return (error as ProductError).code;
                  throw error;
                },
              ),
            ),
          );
          if (batch.length === 1 && outcomes[0] !== 'ok') expect(store.snapshot()).toBe(before);
          const stored = ordered();
          expect(breaches(stored)).toEqual([]);
          // What is stored is what was last accepted for each day, nothing else.
          expect(
            Object.fromEntries(
              stored.map((r) => [
                r.date,
                {
                  received: r.received,
                  resolved: r.resolved,
                  resolvedOnTime: r.resolvedOnTime,
                  overdue: r.overdue,
                },
              ]),
            ),
          ).toEqual(Object.fromEntries(accepted));
        }
      }),
      { seed: 20251201, numRuns: 30 },
    );
  });
});
