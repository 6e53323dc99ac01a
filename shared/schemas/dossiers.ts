import { Actor, asOfField, BusinessDate, itemsOf, Ratio, Slug, UnitParams } from './common.ts';
import { defineContract, ifMatchRefusals, readContract, versioned } from './contract.ts';
import * as z from './zod.ts';

const Count = z.int().check(z.minimum(0), z.maximum(100_000));

/** A day's figures of a unit's Public Administration Service Center. */
export const DossierReportInput = z.named('DossierReportInput', () =>
  z.strictObject({
    /** Dossiers received that day. */
    received: Count,
    /** Dossiers resolved (results returned) that day. */
    resolved: Count,
    /** Of those resolved, how many by their deadline. */
    resolvedOnTime: Count,
    /** Dossiers past their deadline and still pending at the end of the day. */
    overdue: Count,
    /** Citizens served at the counter, where the center counts them. */
    citizenVisits: z.optional(Count),
  }),
);
export type DossierReportInput = z.infer<typeof DossierReportInput>;

export const DossierReport = z.named('DossierReport', () =>
  z.strictObject({
    unitId: z.string(),
    date: BusinessDate,
    received: z.int(),
    resolved: z.int(),
    resolvedOnTime: z.int(),
    overdue: z.int(),
    citizenVisits: z.optional(z.int()),
    /**
     * Pending dossiers carried in from the unit's previous report; kept current when an
     * earlier day is reported late or corrected.
     */
    backlogIn: z.int(),
    /** backlogIn + received − resolved. */
    backlogOut: z.int(),
    version: z.int(),
    submittedBy: Actor,
    submittedAt: z.string(),
  }),
);
export type DossierReport = z.infer<typeof DossierReport>;

export const ReportParams = z.strictObject({ unitId: Slug, date: BusinessDate });

export const submitDossierReportContract = defineContract({
  name: 'submitDossierReport',
  summary: "Submit or correct a day's dossier figures (a correction needs If-Match)",
  tags: ['dossiers'],
  params: ReportParams,
  body: DossierReportInput,
  headers: ['If-Match'],
  responses: {
    200: versioned('Replaced; the old figures stay in history', DossierReport),
    201: versioned('Submitted', DossierReport),
    404: { description: 'Not your unit' },
    409: {
      description:
        'A first report lost to one filed meanwhile (read it, then correct it); or the change would carry a new backlog into more later reports than one change can hold',
    },
    412: ifMatchRefusals[412],
    428: { description: 'The day was reported already: send If-Match to replace it' },
  },
});
export const listDossierReportsContract = readContract(
  {
    name: 'listDossierReports',
    summary: "A unit's daily reports in a date range (default the last 30 days)",
    tags: ['dossiers'],
    query: z.strictObject({ from: z.optional(BusinessDate), to: z.optional(BusinessDate) }),
  },
  UnitParams,
  { description: 'The reports, oldest first', schema: itemsOf(DossierReport) },
  { description: 'Not your unit' },
);
export const dossierReportHistoryContract = readContract(
  {
    name: 'dossierReportHistory',
    summary: 'Every version of one day’s report',
    tags: ['dossiers'],
  },
  ReportParams,
  { description: 'All versions, oldest first', schema: itemsOf(DossierReport) },
  { description: 'No such report' },
);

export const Scorecard = z.named('Scorecard', () =>
  z.strictObject({
    asOf: BusinessDate,
    from: BusinessDate,
    days: z.int(),
    /** Units with fewer resolved dossiers in the window are shown but not ranked. */
    minResolved: z.int(),
    /** `estimated`: the window reaches a year the holiday calendar lacks, counted Mon–Fri. */
    calendarGap: z.optional(z.literal('estimated')),
    rows: z.array(
      z.strictObject({
        rank: z.nullable(z.int()),
        unitId: z.string(),
        unitName: z.string(),
        onTimeRate: Ratio,
        received: z.int(),
        reportingRate: Ratio,
        latestOverdue: z.nullable(z.int()),
        note: z.optional(z.string()),
      }),
    ),
  }),
);
export type Scorecard = z.infer<typeof Scorecard>;

export const scorecardContract = defineContract({
  name: 'scorecard',
  summary: 'Every unit’s dossier figures, ranked only above a minimum volume',
  tags: ['units'],
  query: z.strictObject({
    ...asOfField(),
    days: z.optional(z.coerce.number().check(z.int(), z.minimum(7), z.maximum(90))),
    minResolved: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(10_000))),
  }),
  responses: { 200: { description: 'The scorecard', schema: Scorecard } },
});
