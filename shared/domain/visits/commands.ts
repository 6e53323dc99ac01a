/** Logging a visit and recording its findings, with the obstacle and tasks a finding opens. */
import type { Finding, FindingInput, Visit, VisitInput } from '../../schemas/visits.ts';
import type { Calendar } from '../calendar/calendar.ts';
import type { Caller } from '../caller.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { claimOf, type IdempotencyClaim, replayOr } from '../idempotency.ts';
import { type ObstacleStore, prepareObstacle } from '../obstacles.ts';
import { prepareTask } from '../tasks/create.ts';
import { canSeeVisit } from '../visibility.ts';
import type { FindingCreations, VisitDeps } from './ports.ts';

type VisitCreationDeps = VisitDeps & { idempotency?: IdempotencyClaim };

export async function createVisit(input: VisitInput, caller: Caller, deps: VisitCreationDeps) {
  const claim = claimOf(caller, deps.idempotency);
  return replayOr(claim, { visit: (c) => deps.visits.findVisitReplay(c) }, async () => {
    if (!input.leaderIds.some((id) => caller.leaderIds.includes(id))) {
      throw new ForbiddenError('Log the visits of the leader(s) your account acts for.');
    }
    const leaders = [];
    for (const [i, id] of input.leaderIds.entries()) {
      const leader = await deps.directory.getLeader(id);
      if (!leader)
        throw new ValidationError(`There is no leader "${id}".`, [
          { field: `body.leaderIds.${i}`, message: 'Unknown leader' },
        ]);
      leaders.push({ id, name: leader.name, title: leader.title });
    }
    const units = [];
    for (const [i, id] of [...new Set(input.unitIds)].entries()) {
      const unit = await deps.units.getUnit(id);
      if (!unit)
        throw new ValidationError(`There is no unit "${id}".`, [
          { field: `body.unitIds.${i}`, message: 'Unknown unit' },
        ]);
      units.push({ id, name: unit.name });
    }
    const now = deps.now();
    const visit: Visit = {
      id: deps.newId(),
      date: input.date,
      leaders,
      units,
      purpose: input.purpose.normalize('NFC'),
      createdBy: { sub: caller.sub, name: caller.name, role: 'delegation' },
      createdAt: now,
    };
    return deps.visits.create(visit, claim);
  });
}

/** Re-homes the field names of a nested check under the part of the finding it came from. */
async function nested<T>(prefix: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(
        error.message,
        error.issues.map((issue) => ({
          ...issue,
          field: issue.field.replace(/^body\./, `${prefix}.`),
        })),
      );
    }
    throw error;
  }
}

type FindingDeps = VisitDeps & {
  calendar: Calendar;
  obstacles: Pick<ObstacleStore, 'get'>;
  idempotency?: IdempotencyClaim;
};

export async function addFinding(
  visitId: string,
  input: FindingInput,
  caller: Caller,
  deps: FindingDeps,
) {
  const claim = claimOf(caller, deps.idempotency);
  return replayOr(claim, { finding: (c) => deps.visits.findFindingReplay(c) }, async () => {
    const visit = await deps.visits.get(visitId);
    if (!visit || !canSeeVisit(caller, visit))
      throw new NotFoundError(`There is no visit "${visitId}".`);
    if (!visit.leaders.some((leader) => caller.leaderIds.includes(leader.id))) {
      throw new ForbiddenError(
        'Only the delegation of a leader of this visit records its findings.',
      );
    }
    if (input.unitId && !visit.units.some((unit) => unit.id === input.unitId)) {
      throw new ValidationError(`${input.unitId} was not visited on this visit.`, [
        { field: 'body.unitId', message: 'Not a unit of this visit' },
      ]);
    }
    if (input.obstacle && input.kind !== 'concern') {
      throw new ValidationError('Only a concern opens an obstacle.', [
        { field: 'body.obstacle', message: 'Only with a concern' },
      ]);
    }
    if (input.obstacle && !input.unitId) {
      throw new ValidationError('Name the unit whose obstacle this is.', [
        { field: 'body.unitId', message: 'Required to open an obstacle' },
      ]);
    }
    if (input.tasks && input.kind !== 'directive') {
      throw new ValidationError('Only a directive creates tasks.', [
        { field: 'body.tasks', message: 'Only with a directive' },
      ]);
    }

    const findingId = deps.newId();
    const creations: FindingCreations = { tasks: [] };
    if (input.obstacle) {
      const obstacleInput = { ...input.obstacle, unitId: input.unitId, visitId };
      creations.obstacle = await nested('body.obstacle', () =>
        prepareObstacle(obstacleInput, caller, { ...deps, visit }),
      );
    }
    // By default a directive is assigned in the name of a leader of the visit the account acts for.
    const visitLeader = visit.leaders.find((l) => caller.leaderIds.includes(l.id))?.id;
    for (const [i, spec] of (input.tasks ?? []).entries()) {
      if ((spec.dueDate === undefined) === (spec.dueInWorkingDays === undefined)) {
        throw new ValidationError('Give each task exactly one of dueDate and dueInWorkingDays.', [
          {
            field: `body.tasks.${i}.dueDate`,
            message: 'Give exactly one of dueDate and dueInWorkingDays',
          },
        ]);
      }
      if (spec.fanOut && spec.lead) {
        throw new ValidationError('A fanned-out task has one lead per task: its own assignee.', [
          { field: `body.tasks.${i}.lead`, message: 'Not with fanOut' },
        ]);
      }
      const base = {
        title: spec.title ?? input.text.slice(0, 300),
        description: spec.description ?? input.text,
        assignedBy: spec.assignedBy ?? visitLeader,
        dueDate: spec.dueDate,
        dueInWorkingDays: spec.dueInWorkingDays,
        visitId,
        findingId,
      };
      const groups = spec.fanOut
        ? spec.assignees.map((assignee) => ({ assignees: [assignee] }))
        : [{ assignees: spec.assignees, lead: spec.lead }];
      for (const group of groups) {
        creations.tasks.push(
          await nested(`body.tasks.${i}`, () =>
            prepareTask({ ...base, ...group }, caller, { ...deps, visit }),
          ),
        );
      }
    }
    // A finding is written in one transaction with all it creates: it must fit in one.
    if (!deps.visits.fitsOneWrite(creations, claim)) {
      throw new ValidationError(
        'Too much for one finding: split the tasks over several directives.',
        [{ field: 'body.tasks', message: 'Too many tasks and assignees in one finding' }],
      );
    }
    const finding: Finding = {
      id: findingId,
      visitId,
      kind: input.kind,
      text: input.text.normalize('NFC'),
      ...(input.unitId ? { unitId: input.unitId } : {}),
      ...(creations.obstacle ? { obstacleId: creations.obstacle.obstacle.id } : {}),
      taskIds: creations.tasks.map(({ task }) => task.id),
      createdBy: { sub: caller.sub, name: caller.name, role: 'delegation' },
      createdAt: deps.now(),
    };
    return deps.visits.addFinding(finding, creations, claim);
  });
}
