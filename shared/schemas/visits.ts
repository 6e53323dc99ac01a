import { Actor, BusinessDate, Slug, Text, Ulid } from './common.ts';
import { defineContract } from './contract.ts';
import { ObstacleCategory, ObstacleStatus, Quantity, Severity } from './obstacles.ts';
import { AssigneeRef, TaskStatus } from './tasks.ts';
import * as z from './zod.ts';

export const VisitInput = z
  .lazy(() =>
    z.strictObject({
      leaderIds: z.array(Slug).check(z.minLength(1), z.maxLength(5)),
      date: BusinessDate,
      unitIds: z.array(Slug).check(z.minLength(1), z.maxLength(20)),
      purpose: Text(2000),
    }),
  )
  .register(z.globalRegistry, { id: 'VisitInput' });
export type VisitInput = z.infer<typeof VisitInput>;

export const Visit = z
  .lazy(() =>
    z.strictObject({
      id: z.string(),
      date: BusinessDate,
      leaders: z.array(z.strictObject({ id: z.string(), name: z.string(), title: z.string() })),
      units: z.array(z.strictObject({ id: z.string(), name: z.string() })),
      purpose: z.string(),
      createdBy: Actor,
      createdAt: z.string(),
    }),
  )
  .register(z.globalRegistry, { id: 'Visit' });
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

export const FindingInput = z
  .lazy(() =>
    z.strictObject({
      kind: FindingKind,
      text: Text(4000),
      /** The unit it is about; absent for what concerns every unit visited. */
      unitId: z.optional(Slug),
      /** With a concern: opens an obstacle for the unit in the same call. */
      obstacle: z.optional(
        z.strictObject({
          category: ObstacleCategory,
          title: Text(200, 3),
          description: Text(5000),
          severity: Severity,
          quantity: z.optional(Quantity),
        }),
      ),
      /** With a directive: its follow-up tasks, created in the same call. */
      tasks: z.optional(z.array(DirectiveTaskInput).check(z.minLength(1), z.maxLength(5))),
    }),
  )
  .register(z.globalRegistry, { id: 'FindingInput' });
export type FindingInput = z.infer<typeof FindingInput>;

export const Finding = z
  .lazy(() =>
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
  )
  .register(z.globalRegistry, { id: 'Finding' });
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

export const FindingView = z
  .lazy(() =>
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
  )
  .register(z.globalRegistry, { id: 'FindingView' });
export type FindingView = z.infer<typeof FindingView>;

export const Rollup = z
  .lazy(() =>
    z.strictObject({
      directives: z.int(),
      counts: z.record(DirectiveState, z.int()),
      /** `3 chỉ đạo: 1 đã hoàn thành, 1 quá hạn, 1 đang thực hiện` */
      text: z.string(),
    }),
  )
  .register(z.globalRegistry, { id: 'Rollup' });
export type Rollup = z.infer<typeof Rollup>;

export const VisitView = z
  .lazy(() =>
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
  )
  .register(z.globalRegistry, { id: 'VisitView' });
export type VisitView = z.infer<typeof VisitView>;

export const VisitListQuery = z.strictObject({
  unitId: z.optional(Slug),
  from: z.optional(BusinessDate),
  to: z.optional(BusinessDate),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
});

export const VisitList = z
  .lazy(() => z.strictObject({ items: z.array(Visit), nextCursor: z.optional(z.string()) }))
  .register(z.globalRegistry, { id: 'VisitList' });

export const VisitParams = z.strictObject({ visitId: Ulid });

export const createVisitContract = defineContract({
  name: 'createVisit',
  summary: 'Log an inspection visit: leaders, date, units, purpose',
  tags: ['visits'],
  body: VisitInput,
  headers: ['Idempotency-Key'],
  responses: {
    201: {
      description: 'Logged; a replay of the same Idempotency-Key returns the first result',
      schema: Visit,
      headers: ['Location'],
      optionalHeaders: ['Idempotent-Replayed'],
    },
    422: { description: 'Idempotency-Key reused' },
  },
});
export const listVisitsContract = defineContract({
  name: 'listVisits',
  summary: 'Visits, newest first, by unit and date range (a commune: visits to its unit)',
  tags: ['visits'],
  query: VisitListQuery,
  responses: { 200: { description: 'A page of visits', schema: VisitList } },
});
export const getVisitContract = defineContract({
  name: 'getVisit',
  summary: 'A visit with its findings by unit and the live status of every directive',
  tags: ['visits'],
  params: VisitParams,
  query: z.strictObject({ asOf: z.optional(BusinessDate) }),
  responses: {
    200: { description: 'The visit', schema: VisitView },
    404: { description: 'No such visit' },
  },
});
export const addFindingContract = defineContract({
  name: 'addFinding',
  summary:
    'Record a finding; a concern may open an obstacle, a directive create its tasks: all or nothing',
  tags: ['visits'],
  params: VisitParams,
  body: FindingInput,
  headers: ['Idempotency-Key'],
  responses: {
    201: {
      description: 'The finding, with what it created',
      schema: Finding,
      optionalHeaders: ['Idempotent-Replayed'],
    },
    404: { description: 'No such visit' },
    422: { description: 'Idempotency-Key reused with another body' },
  },
});
