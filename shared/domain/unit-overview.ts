import type { Obstacle } from '../schemas/obstacles.ts';
import type { UnitBrief, UnitSummary } from '../schemas/overview.ts';
import type { Task } from '../schemas/tasks.ts';
import type { Visit } from '../schemas/visits.ts';
import {
  addCalendarDays,
  type BusinessDate,
  type Calendar,
  calendarDaysBetween,
  gapOf,
  worstGap,
} from './calendar/calendar.ts';
import type { Caller } from './caller.ts';
import type { DirectoryStore } from './directory.ts';
import { dossierTotals } from './dossier-figures.ts';
import { type DossierStore, requireOwnUnit } from './dossiers.ts';
import { NotFoundError } from './errors.ts';
import { type ObstacleStore, openObstacleStatuses } from './obstacles.ts';
import { drain, type Page, type PageRequest } from './paging.ts';
import { openTaskStatuses } from './tasks/machine.ts';
import type { TaskStore } from './tasks/ports.ts';
import { viewTask } from './tasks/view.ts';
import type { UnitStore } from './units.ts';
import { taskVisibility } from './visibility.ts';
import type { VisitStore } from './visits/ports.ts';
import { directiveState, taskStanding } from './visits/read-model.ts';

export interface OverviewDeps {
  units: UnitStore;
  obstacles: Pick<ObstacleStore, 'list'>;
  tasks: Pick<TaskStore, 'list' | 'getMany'>;
  directory: Pick<DirectoryStore, 'getOrg'>;
  visits: Pick<VisitStore, 'list' | 'findings'>;
  dossiers: DossierStore;
  calendar: Calendar;
}

/** Every item in one of `statuses`, each status's listing read to its end. */
async function inStatuses<S, T>(
  statuses: readonly S[],
  list: (status: S, page: PageRequest) => Promise<Page<T>>,
): Promise<T[]> {
  const lists = await Promise.all(
    statuses.map((status) => drain((after) => list(status, { after, limit: 100 }))),
  );
  return lists.flat();
}

/**
 * Open obstacles reported up to `asOf`. Their status is today's: the table keeps the
 * history of every change, not a snapshot of every day.
 */
async function openObstaclesOf(unitId: string, asOf: BusinessDate, deps: OverviewDeps) {
  const open = await inStatuses(openObstacleStatuses, (status, page) =>
    deps.obstacles.list({ unitId, status }, page),
  );
  // A stored time that is no time is kept (it is open): it shows without an age.
  return open
    .filter((o) => (deps.calendar.reckonDateOf(o.createdAt) ?? asOf) <= asOf)
    .sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
}

/** Open tasks assigned to the unit up to `asOf` (status as of today). */
async function openTasksOf(unitId: string, asOf: BusinessDate, deps: OverviewDeps) {
  const open = await inStatuses(openTaskStatuses, (status, page) =>
    deps.tasks.list({ assignee: `unit:${unitId}`, status }, page),
  );
  return open.filter((t) => t.assignedOn <= asOf);
}

/**
 * An open obstacle's age in working days, never failing on what is stored: estimated in a
 * year the holiday calendar lacks, absent when the stored time is no time.
 */
function obstacleAge(o: Obstacle, asOf: BusinessDate, calendar: Calendar) {
  const about = `obstacle ${o.id}`;
  const created = calendar.reckonDateOf(o.createdAt, about);
  const age = created ? calendar.reckonWorkingDaysBetween(created, asOf, about) : undefined;
  const calendarGap = gapOf(age);
  return { ageWorkingDays: age?.value, ...(calendarGap ? { calendarGap } : {}) };
}

async function visitsUpTo(unitId: string, asOf: BusinessDate, deps: OverviewDeps) {
  return drain((after) => deps.visits.list(unitId, { to: asOf }, { after, limit: 100 }));
}

const ageBuckets = [
  { label: 'Dưới 3 ngày làm việc', minWorkingDays: 0, maxWorkingDays: 2 },
  { label: '3–7 ngày làm việc', minWorkingDays: 3, maxWorkingDays: 7 },
  { label: '8–20 ngày làm việc', minWorkingDays: 8, maxWorkingDays: 20 },
  { label: 'Trên 20 ngày làm việc', minWorkingDays: 21, maxWorkingDays: null },
];

/**
 * What the summary and the brief both read of a unit the caller may see, at once: its open
 * obstacles and tasks, its last 30 days of dossier reports, and the visits each asks for.
 */
async function readUnit<V>(
  unitId: string,
  caller: Caller,
  asOf: BusinessDate,
  deps: OverviewDeps,
  readVisits: () => Promise<V>,
) {
  requireOwnUnit(caller, unitId, 'readers-too');
  const unit = await deps.units.getUnit(unitId);
  if (!unit) throw new NotFoundError(`There is no unit "${unitId}".`);
  const from30 = addCalendarDays(asOf, -29);
  const [obstacles, tasks, reports, visits] = await Promise.all([
    openObstaclesOf(unitId, asOf, deps),
    openTasksOf(unitId, asOf, deps),
    deps.dossiers.list(unitId, from30, asOf),
    readVisits(),
  ]);
  return { unit, from30, obstacles, tasks, reports, visits };
}

/** A unit at a glance, as of a day: every figure counted from the unit's own partitions. */
export async function unitSummary(
  unitId: string,
  caller: Caller,
  asOf: BusinessDate,
  deps: OverviewDeps,
): Promise<UnitSummary> {
  const lastVisit = () => deps.visits.list(unitId, { to: asOf }, { limit: 1 });
  const read = await readUnit(unitId, caller, asOf, deps, lastVisit);
  const { unit, from30, obstacles, tasks, reports, visits } = read;
  const ages = obstacles.map((o) => obstacleAge(o, asOf, deps.calendar));
  const views = tasks.map((t) => viewTask(t, asOf, deps.calendar));
  const calendarGap = worstGap([...ages, ...views].map((x) => x.calendarGap));
  const byCategory: Record<string, number> = {};
  for (const o of obstacles) byCategory[o.category] = (byCategory[o.category] ?? 0) + 1;
  const last = visits.items[0];
  return {
    unitId,
    unitName: unit.name,
    asOf,
    ...(calendarGap ? { calendarGap } : {}),
    openObstacles: {
      total: obstacles.length,
      byCategory,
      byAge: ageBuckets.map((bucket) => ({
        ...bucket,
        count: ages.filter(
          ({ ageWorkingDays: age }) =>
            age !== undefined &&
            age >= bucket.minWorkingDays &&
            (bucket.maxWorkingDays === null || age <= bucket.maxWorkingDays),
        ).length,
      })),
    },
    tasks: {
      open: tasks.length,
      overdue: views.filter((v) => v.overdue).length,
    },
    dossiers: {
      last7Days: dossierTotals(reports, addCalendarDays(asOf, -6), asOf),
      last30Days: dossierTotals(reports, from30, asOf),
    },
    lastVisit: last
      ? { id: last.id, date: last.date, leaders: last.leaders.map((l) => l.name) }
      : null,
  };
}

/** One page for a delegation about to visit: what is still pending at the unit. */
export async function unitBrief(
  unitId: string,
  caller: Caller,
  asOf: BusinessDate,
  deps: OverviewDeps,
): Promise<UnitBrief> {
  const read = await readUnit(unitId, caller, asOf, deps, () => visitsUpTo(unitId, asOf, deps));
  const { unit, from30, obstacles, tasks, reports, visits } = read;
  const taskLine = (task: Task) => {
    const view = viewTask(task, asOf, deps.calendar);
    return {
      id: task.id,
      title: task.title,
      status: task.status,
      currentDue: task.currentDue,
      overdueWorkingDays: view.overdueWorkingDays,
      ...(view.calendarGap ? { calendarGap: view.calendarGap } : {}),
    };
  };

  const directives = (
    await Promise.all(
      visits.map(async (visit) =>
        (
          await deps.visits.findings(visit.id)
        )
          .filter((f) => f.kind === 'directive' && (!f.unitId || f.unitId === unitId))
          .map((finding) => ({ visit, finding })),
      ),
    )
  ).flat();
  // A directive's task shows in the unit's brief if the caller may see it (the one rule of
  // visibility.ts) and it is the unit's: assigned to it, or following up a finding about it.
  const visible = await taskVisibility(caller, deps.directory);
  const directiveTasks = new Map(
    (await deps.tasks.getMany(directives.flatMap(({ finding }) => finding.taskIds))).map((t) => [
      t.id,
      t,
    ]),
  );
  const pendingDirectives = directives
    .map(({ visit, finding }) => {
      const own = finding.taskIds.flatMap((id) => {
        const task = directiveTasks.get(id);
        const units = task?.assignees.some((a) => a.kind === 'unit' && a.id === unitId);
        return task && visible(task) && (units || finding.unitId === unitId) ? [task] : [];
      });
      // A directive whose tasks all belong to other units is not pending here.
      if (finding.taskIds.length > 0 && own.length === 0) return undefined;
      const states = own.map((t) => taskStanding(t, asOf, deps.calendar));
      return {
        visitId: visit.id,
        visitDate: visit.date,
        leaders: visit.leaders.map((l) => l.name),
        findingId: finding.id,
        text: finding.text,
        state: directiveState(states),
        tasks: own.map(taskLine),
      };
    })
    .filter((d): d is NonNullable<typeof d> => d !== undefined)
    .filter((d) => d.state !== 'verified' && d.state !== 'cancelled');

  const last = visits[0];
  return {
    unitId,
    unitName: unit.name,
    asOf,
    openObstacles: obstacles.map((o) => ({
      id: o.id,
      title: o.title,
      category: o.category,
      status: o.status,
      createdAt: o.createdAt,
      ...obstacleAge(o, asOf, deps.calendar),
    })),
    overdueTasks: tasks.filter((t) => viewTask(t, asOf, deps.calendar).overdue).map(taskLine),
    pendingDirectives,
    dossiers30Days: dossierTotals(reports, from30, asOf),
    lastVisit: last
      ? { id: last.id, date: last.date, ...sinceVisit(last, asOf, deps.calendar) }
      : null,
  };
}

function sinceVisit(visit: Visit, asOf: BusinessDate, calendar: Calendar) {
  const since = calendar.reckonWorkingDaysBetween(visit.date, asOf, `visit ${visit.id}`);
  const calendarGap = gapOf(since);
  return {
    ...(since
      ? { daysSince: calendarDaysBetween(visit.date, asOf), workingDaysSince: since.value }
      : {}),
    ...(calendarGap ? { calendarGap } : {}),
  };
}

export { dossierTotals, ratio, scorecard } from './dossier-figures.ts';
