import {
  Actor,
  IdParams,
  itemsOf,
  pageFields,
  pageOf,
  Slug,
  StoredNumber,
  Text,
  transitionOf,
  Ulid,
} from './common.ts';
import {
  defineContract,
  exportContract,
  ifMatchContract,
  keyReused,
  listContract,
  type RouteHeading,
  readContract,
  replayableCreated,
  versioned,
} from './contract.ts';
import * as z from './zod.ts';

export { Actor };

export const obstacleCategories = [
  'staffing',
  'facilities',
  'equipment',
  'roads',
  'expertise',
  'digital-infrastructure',
  'guidance',
  'other',
] as const;
export const ObstacleCategory = z.enum(obstacleCategories);
export type ObstacleCategory = z.infer<typeof ObstacleCategory>;

export const obstacleStatuses = [
  'reported',
  'acknowledged',
  'in_progress',
  'resolution_proposed',
  'reopened',
  'verified',
  'withdrawn',
] as const;
export const ObstacleStatus = z.enum(obstacleStatuses);
export type ObstacleStatus = z.infer<typeof ObstacleStatus>;

export const Severity = z.enum(['low', 'medium', 'high', 'critical']);

/** Measures that count things: posts, items, rooms come whole. */
export const countedMeasures = ['posts-missing', 'equipment-items', 'rooms'] as const;
/** Measures of length: a road can be 6.5 km. */
export const lengthMeasures = ['road-km'] as const;

/** A whole number of things. */
const Count = () => z.int().check(z.positive(), z.maximum(1_000_000));
/** A length, to the metre at the finest: anything shorter is not a length of road. */
const Length = () => StoredNumber().check(z.minimum(0.001), z.maximum(1_000_000));

function quantityOf<const M extends readonly [string, ...string[]]>(
  measures: M,
  amount: () => z.ZodMiniNumber<number>,
) {
  return z
    .strictObject({
      measure: z.enum(measures),
      total: amount(),
      lines: z.optional(
        z.array(z.strictObject({ label: Text(200), amount: amount() })).check(z.maxLength(50)),
      ),
    })
    .check(
      z.refine(
        (q) =>
          !q.lines ||
          Math.abs(q.lines.reduce((sum, line) => sum + line.amount, 0) - q.total) < 1e-9,
        { message: 'total must equal the sum of the lines', path: ['total'] },
      ),
    );
}

/**
 * What an obstacle amounts to, in a unit the city can add up across communes:
 * posts missing (by job title), items of equipment, km of road, rooms. Counted measures
 * are whole numbers (0.1 room is a typing mistake); lengths may be fractional.
 */
export const Quantity = z.named('Quantity', () =>
  z.discriminatedUnion('measure', [
    quantityOf(countedMeasures, Count),
    quantityOf(lengthMeasures, Length),
  ]),
);
export type Quantity = z.infer<typeof Quantity>;

/** What a report says of an obstacle: a commune's, or a concern's found on a visit. */
export const obstacleReportFields = () => ({
  category: ObstacleCategory,
  title: Text(200, 3),
  description: Text(5000),
  severity: Severity,
  quantity: z.optional(Quantity),
});

export const ObstacleInput = z.named('ObstacleInput', () =>
  z.strictObject({
    /** Required from a delegation; a commune reports for the unit of its account. */
    unitId: z.optional(Slug),
    ...obstacleReportFields(),
    /** The visit on which a delegation found it. */
    visitId: z.optional(Ulid),
  }),
);
export type ObstacleInput = z.infer<typeof ObstacleInput>;

export const Obstacle = z.named('Obstacle', () =>
  z.strictObject({
    id: z.string(),
    unitId: Slug,
    unitName: z.string(),
    category: ObstacleCategory,
    title: z.string(),
    description: z.string(),
    severity: Severity,
    quantity: z.optional(Quantity),
    source: z.strictObject({
      kind: z.enum(['commune-report', 'visit']),
      visitId: z.optional(z.string()),
    }),
    status: ObstacleStatus,
    version: z.int(),
    reportedBy: Actor,
    resolutionNote: z.optional(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    statusChangedAt: z.string(),
  }),
);
export type Obstacle = z.infer<typeof Obstacle>;

export const obstacleActions = [
  'acknowledge',
  'start',
  'propose_resolution',
  'verify',
  'reopen',
  'withdraw',
] as const;
export const ObstacleAction = z.enum(obstacleActions);
export type ObstacleAction = z.infer<typeof ObstacleAction>;

export const ObstacleEvent = z.named('ObstacleEvent', () =>
  z.strictObject({
    obstacleId: z.string(),
    version: z.int(),
    at: z.string(),
    by: Actor,
    action: z.union([
      z.literal('report'),
      z.literal('escalate'),
      z.literal('attach'),
      ObstacleAction,
    ]),
    from: z.nullable(ObstacleStatus),
    to: ObstacleStatus,
    note: z.optional(z.string()),
    /** The attachments a proposed resolution names as its evidence. */
    attachments: z.optional(z.array(z.string())),
  }),
);
export type ObstacleEvent = z.infer<typeof ObstacleEvent>;

/**
 * The `note` is required with propose_resolution (what was done), the `reason` with reopen
 * (why the resolution is not accepted).
 */
export const TransitionInput = transitionOf('ObstacleTransition', ObstacleAction);
export type TransitionInput = z.infer<typeof TransitionInput>;

const obstacleFilters = {
  unitId: z.optional(Slug),
  status: z.optional(ObstacleStatus),
  category: z.optional(ObstacleCategory),
  /** Matches unit names and titles, with or without diacritics. */
  q: z.optional(Text(100, 2)),
};

export const ObstacleListQuery = z.strictObject({ ...obstacleFilters, ...pageFields() });
export type ObstacleListQuery = z.infer<typeof ObstacleListQuery>;

export const ObstacleExportQuery = z.strictObject(obstacleFilters);

export const ObstacleList = pageOf('ObstacleList', Obstacle);

export const ObstacleHistory = z.named('ObstacleHistory', () => itemsOf(ObstacleEvent));

export const createObstacleContract = defineContract({
  name: 'createObstacle',
  summary: 'Report an obstacle (a commune for its unit; a delegation for any unit)',
  tags: ['obstacles'],
  body: ObstacleInput,
  headers: ['Idempotency-Key'],
  responses: {
    201: replayableCreated('Reported', Obstacle, ['ETag', 'Location']),
    404: { description: 'No such unit' },
    409: { description: 'The same Idempotency-Key is being processed' },
    422: keyReused,
  },
});

const obstacleRoute = (name: string, summary: string): RouteHeading => ({
  name,
  summary,
  tags: ['obstacles'],
});
const noSuchObstacle = { description: 'No such obstacle' };

export const listObstaclesContract = listContract(
  obstacleRoute('listObstacles', 'List obstacles, newest first (a commune sees its own unit only)'),
  ObstacleListQuery,
  { description: 'A page of obstacles', schema: ObstacleList },
);

export const exportObstaclesContract = exportContract(
  obstacleRoute(
    'exportObstacles',
    'The same filtered list as UTF-8 CSV (opens in Excel with diacritics intact)',
  ),
  ObstacleExportQuery,
);

export const getObstacleContract = readContract(
  obstacleRoute('getObstacle', 'Get one obstacle; its ETag is the version to send in If-Match'),
  IdParams,
  versioned('The obstacle', Obstacle),
  noSuchObstacle,
);

export const getObstacleHistoryContract = readContract(
  obstacleRoute('getObstacleHistory', 'Every change of an obstacle: who, when, from, to, note'),
  IdParams,
  { description: 'The history, oldest first', schema: ObstacleHistory },
  noSuchObstacle,
);

export const transitionObstacleContract = ifMatchContract(
  obstacleRoute('transitionObstacle', 'Move an obstacle through its life cycle (needs If-Match)'),
  IdParams,
  TransitionInput,
  {
    200: versioned('The obstacle after the change, with its new ETag', Obstacle),
    404: noSuchObstacle,
    409: { description: 'The action is not possible in the current status' },
  },
);
