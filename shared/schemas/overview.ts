/**
 * A unit at a glance: the summary, the pre-visit brief and the city's scorecard. Apart from
 * the dossier schemas so that the dossier functions do not carry (and build at init) the
 * obstacle, task and visit schemas these need.
 */
import { asOfField, BusinessDate, Ratio, UnitParams } from './common.ts';
import { type ResponseSpec, readContract } from './contract.ts';
import { ObstacleCategory, ObstacleStatus } from './obstacles.ts';
import { CalendarGap, TaskStatus } from './tasks.ts';
import { DirectiveState } from './visits.ts';
import * as z from './zod.ts';

const DossierTotals = z.strictObject({
  from: BusinessDate,
  to: BusinessDate,
  reports: z.int(),
  received: z.int(),
  resolved: z.int(),
  resolvedOnTime: z.int(),
  citizenVisits: z.int(),
  onTimeRate: Ratio,
});

const OpenObstacle = z.strictObject({
  id: z.string(),
  title: z.string(),
  category: ObstacleCategory,
  status: ObstacleStatus,
  createdAt: z.string(),
  /** Absent when the stored time is no time (`calendarGap: unavailable`). */
  ageWorkingDays: z.optional(z.int()),
  calendarGap: z.optional(CalendarGap),
});

const TaskLine = z.strictObject({
  id: z.string(),
  title: z.string(),
  status: TaskStatus,
  currentDue: BusinessDate,
  /** Absent when the stored due date is no date (`calendarGap: unavailable`). */
  overdueWorkingDays: z.optional(z.int()),
  calendarGap: z.optional(CalendarGap),
});

export const UnitSummary = z.named('UnitSummary', () =>
  z.strictObject({
    unitId: z.string(),
    unitName: z.string(),
    asOf: BusinessDate,
    /**
     * Present when a working-day figure below is not exact: `estimated` (a year the holiday
     * calendar lacks, counted Mon–Fri) or `unavailable` (an item's stored date is no date:
     * it counts in the totals, not in the ages or the overdue count).
     */
    calendarGap: z.optional(CalendarGap),
    openObstacles: z.strictObject({
      total: z.int(),
      byCategory: z.record(z.string(), z.int()),
      byAge: z.array(
        z.strictObject({
          label: z.string(),
          minWorkingDays: z.int(),
          maxWorkingDays: z.nullable(z.int()),
          count: z.int(),
        }),
      ),
    }),
    tasks: z.strictObject({ open: z.int(), overdue: z.int() }),
    dossiers: z.strictObject({ last7Days: DossierTotals, last30Days: DossierTotals }),
    lastVisit: z.nullable(
      z.strictObject({ id: z.string(), date: BusinessDate, leaders: z.array(z.string()) }),
    ),
  }),
);
export type UnitSummary = z.infer<typeof UnitSummary>;

export const UnitBrief = z.named('UnitBrief', () =>
  z.strictObject({
    unitId: z.string(),
    unitName: z.string(),
    asOf: BusinessDate,
    openObstacles: z.array(OpenObstacle),
    overdueTasks: z.array(TaskLine),
    pendingDirectives: z.array(
      z.strictObject({
        visitId: z.string(),
        visitDate: BusinessDate,
        leaders: z.array(z.string()),
        findingId: z.string(),
        text: z.string(),
        state: DirectiveState,
        tasks: z.array(TaskLine),
      }),
    ),
    dossiers30Days: DossierTotals,
    lastVisit: z.nullable(
      z.strictObject({
        id: z.string(),
        date: BusinessDate,
        /** Both absent when the stored visit date is no date (`calendarGap: unavailable`). */
        daysSince: z.optional(z.int()),
        workingDaysSince: z.optional(z.int()),
        calendarGap: z.optional(CalendarGap),
      }),
    ),
  }),
);
export type UnitBrief = z.infer<typeof UnitBrief>;

/** A unit's read as of a day: what it is, or 404 when there is no such unit. */
const unitReadAsOf = (name: string, summary: string, found: ResponseSpec) =>
  readContract(
    { name, summary, tags: ['units'], query: z.strictObject(asOfField()) },
    UnitParams,
    found,
    { description: 'No such unit' },
  );

export const unitSummaryContract = unitReadAsOf(
  'unitSummary',
  'Open obstacles, tasks, dossier on-time rates and last visit of a unit',
  { description: 'The summary', schema: UnitSummary },
);
export const unitBriefContract = unitReadAsOf(
  'unitBrief',
  'The pre-visit brief: what is pending at a unit',
  { description: 'The brief', schema: UnitBrief },
);
