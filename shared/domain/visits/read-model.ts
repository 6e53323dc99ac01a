/** What a visit's readers see: its findings with the live state of their tasks and obstacles. */
import type { Task } from '../../schemas/tasks.ts';
import type { DirectiveState, FindingView, Rollup, VisitView } from '../../schemas/visits.ts';
import type { BusinessDate, Calendar } from '../calendar/calendar.ts';
import { type Caller, canSeeUnit, isReader } from '../caller.ts';
import type { DirectoryStore } from '../directory.ts';
import { NotFoundError } from '../errors.ts';
import { directiveStateLabels } from '../labels.ts';
import type { ObstacleStore } from '../obstacles.ts';
import type { TaskStore } from '../tasks/ports.ts';
import { viewTask } from '../tasks/view.ts';
import { canSeeFinding, canSeeVisit, taskVisibility } from '../visibility.ts';
import type { VisitStore } from './ports.ts';

/** The unit whose visits a caller's list shows: a commune's own, whatever it asks for. */
export function effectiveVisitUnit(unitId: string | undefined, caller: Caller): string | undefined {
  if (isReader(caller)) return unitId ?? '*';
  return unitId && unitId !== caller.unitId ? undefined : caller.unitId;
}

const stateOrder: DirectiveState[] = [
  'verified',
  'done',
  'overdue',
  'open',
  'cancelled',
  'untracked',
];

/** Where one task stands on a day: open, overdue, or its closing status. */
export function taskStanding(task: Task, asOf: BusinessDate, calendar: Calendar): DirectiveState {
  const view = viewTask(task, asOf, calendar);
  if (view.status === 'assigned' || view.status === 'in_progress')
    return view.overdue ? 'overdue' : 'open';
  return view.status;
}

/** Where a directive stands, from its tasks: one overdue task makes it overdue. */
export function directiveState(states: DirectiveState[]): DirectiveState {
  const live = states.filter((s) => s !== 'cancelled');
  if (states.length === 0) return 'untracked';
  if (live.length === 0) return 'cancelled';
  if (live.includes('overdue')) return 'overdue';
  if (live.every((s) => s === 'verified')) return 'verified';
  if (live.every((s) => s === 'done' || s === 'verified')) return 'done';
  return 'open';
}

export function rollup(states: DirectiveState[]): Rollup {
  const counts = Object.fromEntries(
    stateOrder.map((s) => [s, states.filter((x) => x === s).length]),
  ) as Record<DirectiveState, number>;
  const parts = stateOrder
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${directiveStateLabels[s]}`);
  return {
    directives: states.length,
    counts,
    text: `${states.length} chỉ đạo${parts.length ? `: ${parts.join(', ')}` : ''}`,
  };
}

/**
 * The visit as a reader may see it: findings grouped by unit (a commune sees its own unit's
 * and those about every unit), each directive with the live status of its tasks and of the
 * obstacle a concern opened, and the roll-up of all directives.
 */
export async function getVisitView(
  visitId: string,
  caller: Caller,
  asOf: BusinessDate,
  deps: {
    visits: VisitStore;
    tasks: Pick<TaskStore, 'getMany'>;
    obstacles: Pick<ObstacleStore, 'getMany'>;
    directory: Pick<DirectoryStore, 'getOrg'>;
    calendar: Calendar;
  },
): Promise<VisitView> {
  const visit = await deps.visits.get(visitId);
  if (!visit || !canSeeVisit(caller, visit))
    throw new NotFoundError(`There is no visit "${visitId}".`);
  const findings = (await deps.visits.findings(visitId)).filter((finding) =>
    canSeeFinding(caller, finding),
  );
  const [tasks, obstacles] = await Promise.all([
    deps.tasks.getMany(findings.flatMap((f) => f.taskIds)),
    deps.obstacles.getMany(findings.flatMap((f) => (f.obstacleId ? [f.obstacleId] : []))),
  ]);
  const visible = await taskVisibility(caller, deps.directory);
  const taskById = new Map(tasks.filter(visible).map((t) => [t.id, t]));
  const obstacleById = new Map(obstacles.map((o) => [o.id, o]));

  // Ids too pass the visibility rule: a finding shows the tasks and the obstacle the caller
  // may open, and a directive whose tasks are all another unit's has no state here.
  const views: FindingView[] = findings.map(({ taskIds, obstacleId, ...finding }) => {
    const obstacle = obstacleId ? obstacleById.get(obstacleId) : undefined;
    const seen = obstacle && canSeeUnit(caller, obstacle.unitId);
    const view: FindingView = {
      ...finding,
      taskIds: taskIds.filter((id) => taskById.has(id)),
      ...(obstacle && seen
        ? {
            obstacleId: obstacle.id,
            obstacle: { id: obstacle.id, title: obstacle.title, status: obstacle.status },
          }
        : {}),
    };
    if (finding.kind === 'directive') {
      const own = view.taskIds.flatMap((id) => {
        const task = taskById.get(id);
        if (!task) return [];
        const state = taskStanding(task, asOf, deps.calendar);
        return [
          {
            id: task.id,
            title: task.title,
            status: task.status,
            currentDue: task.currentDue,
            state,
          },
        ];
      });
      view.tasks = own;
      if (taskIds.length === 0 || own.length > 0)
        view.state = directiveState(own.map((t) => t.state));
    }
    return view;
  });

  const groups = [
    ...visit.units
      .map((unit) => ({
        unitId: unit.id as string | null,
        unitName: unit.name,
        findings: views.filter((f) => f.unitId === unit.id),
      }))
      .filter((group) => group.findings.length > 0 || canSeeUnit(caller, group.unitId as string)),
    ...(views.some((f) => !f.unitId)
      ? [
          {
            unitId: null,
            unitName: 'Chung cho các đơn vị được kiểm tra',
            findings: views.filter((f) => !f.unitId),
          },
        ]
      : []),
  ];
  return {
    ...visit,
    asOf,
    groups,
    rollup: rollup(views.flatMap((f) => (f.state ? [f.state] : []))),
  };
}
