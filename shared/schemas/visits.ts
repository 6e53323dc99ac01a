import { Actor, asOfField, BusinessDate, pageFields, pageOf, Slug, Text, Ulid } from './common.ts';
import {
  defineContract,
  keyReused,
  listContract,
  readContract,
  replayableCreated,
} from './contract.ts';
import { ObstacleStatus, obstacleReportFields } from './obstacles.ts';
import { AssigneeRef, TaskStatus } from './tasks.ts';
import * as z from './zod.ts';

export const VisitInput = z.named('VisitInput', () =>
  z.strictObject({
    leaderIds: z.array(Slug).check(z.minLength(1), z.maxLength(5)),
    date: BusinessDate,
    unitIds: z.array(Slug).check(z.minLength(1), z.maxLength(20)),
    purpose: Text(2000),
  }),
);
export type VisitInput = z.infer<typeof VisitInput>;

export const Visit = z.named('Visit', () =>
  z.strictObject({
    id: z.string(),
    date: BusinessDate,
    leaders: z.array(z.strictObject({ id: z.string(), name: z.string(), title: z.string() })),
    units: z.array(z.strictObject({ id: z.string(), name: z.string() })),
    purpose: z.string(),
    createdBy: Actor,
    createdAt: z.string(),
  }),
);
export type Visit = z.infer<typeof Visit>;

export const findingKinds = ['commendation', 'concern', 'directive'] as const;
export const FindingKind = z.enum(findingKinds);

/** A follow-up task a directive creates; the leader defaults to the visit's first. */
export const DirectiveTaskInput = z.strictObject({
  title: z.optional(Text(300)),
  description: z.optional(Text(5000)),
  assignees: z.array(AssigneeRef).check(z.minLength(1), z.maxLength(10)),
  /** The lead (chủ trì) among the assignees; the first one when absent. */
  lead: z.optional(AssigneeRef),
  /**
   * `true`: the same action for each assignee on its own, one task per assignee, each its
   * own lead, all written with the finding (e.g. every commune visited holds its meeting).
   */
  fanOut: z.optional(z.boolean()),
  /** The leader in whose name: one the account acts for, by default one of the visit's. */
  assignedBy: z.optional(Slug),
  dueDate: z.optional(BusinessDate),
  dueInWorkingDays: z.optional(z.int().check(z.minimum(1), z.maximum(250))),
});

export const FindingInput = z.named('FindingInput', () =>
  z.strictObject({
    kind: FindingKind,
    text: Text(4000),
    /** The unit it is about; absent for what concerns every unit visited. */
    unitId: z.optional(Slug),
    /** With a concern: opens an obstacle for the unit in the same call. */
    obstacle: z.optional(z.strictObject(obstacleReportFields())),
    /** With a directive: its follow-up tasks, created in the same call. */
    tasks: z.optional(z.array(DirectiveTaskInput).check(z.minLength(1), z.maxLength(5))),
  }),
);
export type FindingInput = z.infer<typeof FindingInput>;

export const Finding = z.named('Finding', () =>
  z.strictObject({
    id: z.string(),
    visitId: z.string(),
    kind: FindingKind,
    text: z.string(),
    unitId: z.optional(z.string()),
    obstacleId: z.optional(z.string()),
    taskIds: z.array(z.string()),
    createdBy: Actor,
    createdAt: z.string(),
  }),
);
export type Finding = z.infer<typeof Finding>;

export const DirectiveState = z.enum([
  'untracked',
  'open',
  'overdue',
  'done',
  'verified',
  'cancelled',
]);
export type DirectiveState = z.infer<typeof DirectiveState>;

export const FindingView = z.named('FindingView', () =>
  z.strictObject({
    ...z.built(Finding).shape,
    obstacle: z.optional(
      z.strictObject({ id: z.string(), title: z.string(), status: ObstacleStatus }),
    ),
    tasks: z.optional(
      z.array(
        z.strictObject({
          id: z.string(),
          title: z.string(),
          status: TaskStatus,
          currentDue: BusinessDate,
          state: DirectiveState,
        }),
      ),
    ),
    /** For a directive: where its tasks stand together. */
    state: z.optional(DirectiveState),
  }),
);
export type FindingView = z.infer<typeof FindingView>;

export const Rollup = z.named('Rollup', () =>
  z.strictObject({
    directives: z.int(),
    counts: z.record(DirectiveState, z.int()),
    /** `3 chỉ đạo: 1 đã hoàn thành, 1 quá hạn, 1 đang thực hiện` */
    text: z.string(),
  }),
);
export type Rollup = z.infer<typeof Rollup>;

export const VisitView = z.named('VisitView', () =>
  z.strictObject({
    ...z.built(Visit).shape,
    asOf: BusinessDate,
    groups: z.array(
      z.strictObject({
        unitId: z.nullable(z.string()),
        unitName: z.string(),
        findings: z.array(FindingView),
      }),
    ),
    rollup: Rollup,
  }),
);
export type VisitView = z.infer<typeof VisitView>;

export const VisitListQuery = z.strictObject({
  unitId: z.optional(Slug),
  from: z.optional(BusinessDate),
  to: z.optional(BusinessDate),
  ...pageFields(),
});

export const VisitList = pageOf('VisitList', Visit);

export const VisitParams = z.strictObject({ visitId: Ulid });

export const createVisitContract = defineContract({
  name: 'createVisit',
  summary: 'Log an inspection visit: leaders, date, units, purpose',
  tags: ['visits'],
  body: VisitInput,
  headers: ['Idempotency-Key'],
  responses: {
    201: replayableCreated('Logged', Visit, ['Location']),
    422: keyReused,
  },
});
export const listVisitsContract = listContract(
  {
    name: 'listVisits',
    summary: 'Visits, newest first, by unit and date range (a commune: visits to its unit)',
    tags: ['visits'],
  },
  VisitListQuery,
  { description: 'A page of visits', schema: VisitList },
);
export const getVisitContract = readContract(
  {
    name: 'getVisit',
    summary: 'A visit with its findings by unit and the live status of every directive',
    tags: ['visits'],
    query: z.strictObject(asOfField()),
  },
  VisitParams,
  { description: 'The visit', schema: VisitView },
  { description: 'No such visit' },
);
export const addFindingContract = defineContract({
  name: 'addFinding',
  summary:
    'Record a finding; a concern may open an obstacle, a directive create its tasks: all or nothing',
  tags: ['visits'],
  params: VisitParams,
  body: FindingInput,
  headers: ['Idempotency-Key'],
  responses: {
    201: replayableCreated('The finding, with what it created', Finding),
    404: { description: 'No such visit' },
    422: keyReused,
  },
});
