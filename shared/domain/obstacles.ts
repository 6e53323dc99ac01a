import type {
  Actor,
  Obstacle,
  ObstacleAction,
  ObstacleCategory,
  ObstacleEvent,
  ObstacleInput,
  ObstacleStatus,
  TransitionInput,
} from '../schemas/obstacles.ts';
import { obstacleStatuses } from '../schemas/obstacles.ts';
import type { Visit } from '../schemas/visits.ts';
import { actingRole, type Caller, canSeeUnit, isReader, type Role } from './caller.ts';
import {
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
} from './errors.ts';
import {
  type EvidenceRules,
  evidenceNeeded,
  evidenceRules,
  namedEvidence,
  requireEvidence,
} from './evidence.ts';
import { claimOf, type IdempotencyClaim, replayOr } from './idempotency.ts';
import { foldForSearch } from './search.ts';
import type { UnitStore } from './units.ts';
import {
  etagOf,
  requireCurrentVersion,
  requireIfMatch,
  type VersionedStore,
} from './versioning.ts';
import { canSeeVisit } from './visibility.ts';
import type { VisitStore } from './visits/ports.ts';

export const closedStatuses: readonly ObstacleStatus[] = ['verified', 'withdrawn'];
/** Every status but the closed ones, in the order of the schema's. */
export const openObstacleStatuses: readonly ObstacleStatus[] = obstacleStatuses.filter(
  (status) => !closedStatuses.includes(status),
);

interface Rule {
  from: readonly ObstacleStatus[];
  to: ObstacleStatus;
  roles: readonly Role[];
  /** The field the action cannot do without. */
  requires?: 'note' | 'reason';
}

/**
 * The life cycle of an obstacle. Only the commune proposes a resolution, with a
 * note of what was done; only a city office verifies, or reopens with a reason. Withdrawn
 * means closed without a fix, and is never counted as resolved (docs/architecture.md#life-cycles).
 */
export const obstacleMachine: Record<ObstacleAction, Rule> = {
  acknowledge: { from: ['reported'], to: 'acknowledged', roles: ['city-office', 'delegation'] },
  start: {
    from: ['acknowledged', 'reopened'],
    to: 'in_progress',
    roles: ['commune', 'city-office'],
  },
  propose_resolution: {
    from: ['in_progress'],
    to: 'resolution_proposed',
    roles: ['commune'],
    requires: 'note',
  },
  verify: { from: ['resolution_proposed'], to: 'verified', roles: ['city-office'] },
  reopen: {
    from: ['resolution_proposed'],
    to: 'reopened',
    roles: ['city-office'],
    requires: 'reason',
  },
  withdraw: {
    from: openObstacleStatuses,
    to: 'withdrawn',
    roles: ['commune', 'city-office', 'delegation'],
  },
};

/** Structured filters of a list; absent means "any". */
export interface ObstacleFilter {
  unitId?: string;
  status?: ObstacleStatus;
  category?: ObstacleCategory;
  /** Folded search text. */
  q?: string;
}

export type { IdempotencyClaim };

export interface ObstacleStore
  extends VersionedStore<'obstacle', Obstacle, ObstacleEvent, ObstacleFilter> {
  /** Writes the change and its event at once, if the stored version is still `before.version`. */
  applyTransition(before: Obstacle, after: Obstacle, event: ObstacleEvent): Promise<void>;
}

export interface ObstacleDeps {
  obstacles: ObstacleStore;
  now: () => string;
}

/** A report also checks its unit and the visit it names. */
export type ReportDeps = ObstacleDeps & {
  units: UnitStore;
  visits: Pick<VisitStore, 'get'>;
  newId: () => string;
  idempotency?: IdempotencyClaim;
};

function actor(caller: Caller, role: Role): Actor {
  return { sub: caller.sub, name: caller.name, role };
}

export function searchTextOf(obstacle: Pick<Obstacle, 'unitName' | 'title'>): string {
  return foldForSearch(`${obstacle.unitName} ${obstacle.title}`);
}

export async function reportObstacle(input: ObstacleInput, caller: Caller, deps: ReportDeps) {
  const claim = claimOf(caller, deps.idempotency);
  return replayOr(claim, { obstacle: (c) => deps.obstacles.findReplay(c) }, async () => {
    const visit = input.visitId ? await deps.visits.get(input.visitId) : undefined;
    const { obstacle, event } = await prepareObstacle(input, caller, { ...deps, visit });
    return deps.obstacles.create(obstacle, event, claim);
  });
}

/**
 * Checks a report and builds the obstacle and its first event, without writing: a visit
 * finding writes them in its own transaction.
 */
export async function prepareObstacle(
  input: ObstacleInput,
  caller: Caller,
  deps: {
    units: UnitStore;
    now: () => string;
    newId: () => string;
    /** The visit of `input.visitId` as read, if it exists. */
    visit?: Pick<Visit, 'id' | 'units'>;
  },
): Promise<{ obstacle: Obstacle; event: ObstacleEvent }> {
  const role = actingRole(caller, ['delegation', 'commune']);
  if (!role) throw new ForbiddenError('Only a commune or a delegation reports obstacles.');
  let unitId: string;
  if (role === 'delegation') {
    if (!input.unitId) {
      throw new ValidationError('Name the unit the obstacle belongs to.', [
        { field: 'body.unitId', message: 'Required when a delegation reports' },
      ]);
    }
    unitId = input.unitId;
    if (input.visitId) {
      const visit = deps.visit?.id === input.visitId ? deps.visit : undefined;
      if (!visit || !canSeeVisit(caller, visit)) {
        throw new ValidationError(`There is no visit "${input.visitId}".`, [
          { field: 'body.visitId', message: 'Unknown visit' },
        ]);
      }
      if (!visit.units.some((unit) => unit.id === unitId)) {
        throw new ValidationError(`${unitId} was not visited on that visit.`, [
          { field: 'body.unitId', message: 'Not a unit of the linked visit' },
        ]);
      }
    }
  } else {
    if (input.unitId && input.unitId !== caller.unitId) {
      throw new ForbiddenError('A commune reports obstacles of its own unit only.');
    }
    if (input.visitId) {
      throw new ValidationError('Only a delegation links an obstacle to a visit.', [
        { field: 'body.visitId', message: 'Not allowed for a commune' },
      ]);
    }
    unitId = caller.unitId as string;
  }
  const unit = await deps.units.getUnit(unitId);
  if (!unit) {
    throw new ValidationError(`There is no unit "${unitId}".`, [
      { field: 'body.unitId', message: 'Unknown unit' },
    ]);
  }
  const now = deps.now();
  const by = actor(caller, role);
  const obstacle: Obstacle = {
    id: deps.newId(),
    unitId,
    unitName: unit.name,
    category: input.category,
    title: input.title,
    description: input.description,
    severity: input.severity,
    quantity: input.quantity,
    source:
      role === 'delegation'
        ? { kind: 'visit', visitId: input.visitId }
        : { kind: 'commune-report' },
    status: 'reported',
    version: 1,
    reportedBy: by,
    createdAt: now,
    updatedAt: now,
    statusChangedAt: now,
  };
  const event: ObstacleEvent = {
    obstacleId: obstacle.id,
    version: 1,
    at: now,
    by,
    action: 'report',
    from: null,
    to: 'reported',
  };
  return { obstacle, event };
}

/** The obstacle, if it exists and the caller may see it; otherwise 404, whichever it was. */
export async function getObstacle(
  id: string,
  caller: Caller,
  deps: Pick<ObstacleDeps, 'obstacles'>,
) {
  const obstacle = await deps.obstacles.get(id);
  if (!obstacle || !canSeeUnit(caller, obstacle.unitId)) {
    throw new NotFoundError(`There is no obstacle "${id}".`);
  }
  return obstacle;
}

export async function getObstacleHistory(
  id: string,
  caller: Caller,
  deps: Pick<ObstacleDeps, 'obstacles'>,
): Promise<ObstacleEvent[]> {
  await getObstacle(id, caller, deps);
  return deps.obstacles.history(id);
}

/**
 * The filter a caller's list really runs with. A commune's list is its own unit's,
 * whatever it asks for: asking for another unit yields nothing (`undefined`).
 */
export function effectiveFilter(
  query: { unitId?: string; status?: ObstacleStatus; category?: ObstacleCategory; q?: string },
  caller: Caller,
): ObstacleFilter | undefined {
  const filter: ObstacleFilter = {
    unitId: query.unitId,
    status: query.status,
    category: query.category,
    q: query.q ? foldForSearch(query.q) : undefined,
  };
  if (isReader(caller)) return filter;
  if (query.unitId && query.unitId !== caller.unitId) return undefined;
  return { ...filter, unitId: caller.unitId };
}

export { etagOf };

/**
 * A transition also reads the obstacle's attachments when its category needs evidence or
 * it names attachments; without the port, the obstacle counts as carrying none (the rule
 * never lapses silently).
 */
export type TransitionDeps = ObstacleDeps & {
  attachments?: {
    list(itemType: 'obstacle', itemId: string): Promise<{ id: string; contentType: string }[]>;
  };
  /** The evidence rule (shared/domain/evidence.ts) unless another is given. */
  evidence?: EvidenceRules;
};

export async function transitionObstacle(
  id: string,
  input: TransitionInput,
  ifMatch: string | undefined,
  caller: Caller,
  deps: TransitionDeps,
): Promise<Obstacle> {
  const before = await getObstacle(id, caller, deps);
  const tag = requireIfMatch(ifMatch, 'obstacle');
  const rule = obstacleMachine[input.action];
  const role = actingRole(caller, rule.roles);
  if (!role) throw new ForbiddenError(`Your role may not ${input.action.replace('_', ' ')}.`);
  requireCurrentVersion(tag, before, 'obstacle');
  if (!rule.from.includes(before.status)) {
    throw new InvalidTransitionError(
      `Cannot ${input.action.replace('_', ' ')} an obstacle that is ${before.status}.`,
    );
  }
  const text = rule.requires ? input[rule.requires] : (input.note ?? input.reason);
  if (rule.requires && !text) {
    throw new ValidationError(
      `A ${rule.requires} is required to ${input.action.replace('_', ' ')}.`,
      [{ field: `body.${rule.requires}`, message: 'Required for this action' }],
    );
  }
  const need = evidenceNeeded(deps.evidence ?? evidenceRules, before.category, input.action);
  const attached =
    (need || input.attachments?.length) && deps.attachments
      ? await deps.attachments.list('obstacle', id)
      : [];
  if (need) requireEvidence(need, attached, input.action);
  const evidence = namedEvidence(input.attachments, attached, {
    action: input.action,
    names: 'propose_resolution',
  });
  const now = deps.now();
  const after: Obstacle = {
    ...before,
    status: rule.to,
    version: before.version + 1,
    updatedAt: now,
    statusChangedAt: now,
    ...(input.action === 'propose_resolution' ? { resolutionNote: text } : {}),
  };
  const event: ObstacleEvent = {
    obstacleId: id,
    version: after.version,
    at: now,
    by: actor(caller, role),
    action: input.action,
    from: before.status,
    to: after.status,
    ...(text ? { note: text } : {}),
    ...(evidence ? { attachments: evidence } : {}),
  };
  // One versioned write; the store retries a collision and answers 503 if it persists.
  await deps.obstacles.applyTransition(before, after, event);
  return after;
}

export async function listObstacles(
  filter: ObstacleFilter,
  page: { after?: string; limit: number },
  deps: Pick<ObstacleDeps, 'obstacles'>,
) {
  return deps.obstacles.list(filter, page);
}
