import type { DigestLine, DigestSection, Recipient } from '../../schemas/digests.ts';
import type { Leader, Org } from '../../schemas/directory.ts';
import type { DossierReport } from '../../schemas/dossiers.ts';
import type { Obstacle, ObstacleStatus } from '../../schemas/obstacles.ts';
import type { Task } from '../../schemas/tasks.ts';
import type { Unit } from '../../schemas/units.ts';
import { addCalendarDays, type BusinessDate, type Calendar } from '../calendar/calendar.ts';
import { categoryLabels, measureLabels, statusLabels } from '../labels.ts';
import { countsFor } from '../tasks/machine.ts';
import { viewTask } from '../tasks/view.ts';
import { sortByVietnamese } from '../text.ts';

/** What the digests read. Every method is a Query on an index; none scans. */
export interface DigestSource {
  units(): Promise<Unit[]>;
  orgs(): Promise<Org[]>;
  leaders(): Promise<Leader[]>;
  /** Obstacles of a unit (or every unit) reported between two instants. */
  obstaclesCreatedBetween(
    unitId: string | undefined,
    status: ObstacleStatus | undefined,
    from: string | undefined,
    to: string,
  ): Promise<Obstacle[]>;
  obstaclesInStatus(unitId: string | undefined, status: ObstacleStatus): Promise<Obstacle[]>;
  /** Obstacles of a unit (or every unit) that entered a status between two instants. */
  obstaclesEnteredStatusBetween(
    unitId: string | undefined,
    status: ObstacleStatus,
    from: string,
    to: string,
  ): Promise<Obstacle[]>;
  /** Open tasks of an assignee (`unit:x`, `org:y`, `*`) due before a date (exclusive). */
  openTasksDueBefore(assignee: string, date: BusinessDate): Promise<Task[]>;
  reportsOfDay(date: BusinessDate): Promise<DossierReport[]>;
}

export interface DigestDraft {
  recipient: Recipient;
  sections: DigestSection[];
  items: { type: 'obstacle' | 'task'; id: string; unitIds: string[] }[];
}

export const openObstacleStatuses: ObstacleStatus[] = [
  'reported',
  'acknowledged',
  'in_progress',
  'resolution_proposed',
  'reopened',
];

export const unitRecipient = (unit: Unit): Recipient => ({
  key: `unit:${unit.id}`,
  kind: 'unit',
  id: unit.id,
  name: unit.name,
  emails: unit.contacts,
});
export const orgRecipient = (org: Org): Recipient => ({
  key: `org:${org.id}`,
  kind: 'org',
  id: org.id,
  name: org.name,
  emails: [org.head.email],
});
export const leaderRecipient = (leader: Leader): Recipient => ({
  key: `leader:${leader.id}`,
  kind: 'leader',
  id: leader.id,
  name: leader.name,
  emails: [leader.email],
});

const obstacleLine = (o: Obstacle, withUnit: boolean, extra = ''): DigestLine => ({
  text: `${withUnit ? `${o.unitName}: ` : ''}${o.title} (${categoryLabels[o.category]}${extra})`,
  link: `/obstacles/${o.id}`,
  unitId: o.unitId,
});

const taskUnits = (t: Task) => t.assignees.filter((a) => a.kind === 'unit').map((a) => a.id);

const taskLine = (
  t: Task,
  asOf: BusinessDate,
  calendar: Calendar,
  withAssignees: boolean,
): DigestLine => {
  const view = viewTask(t, asOf, calendar);
  const who = withAssignees ? `${t.assignees.map((a) => a.name).join(', ')}: ` : '';
  const when =
    view.calendarGap === 'unavailable'
      ? `hạn ${t.currentDue}, không tính được số ngày làm việc`
      : view.overdue
        ? `quá hạn ${view.overdueWorkingDays} ngày làm việc${view.calendarGap ? ' (ước tính)' : ''}, hạn ${t.currentDue}`
        : `hạn ${t.currentDue}`;
  return { text: `${who}${t.title} (${when})`, link: `/tasks/${t.id}` };
};

/** An open obstacle's age for a line: estimated past the holiday data, or said unknown. */
function ageText(o: Obstacle, day: BusinessDate, calendar: Calendar): string {
  const about = `obstacle ${o.id}`;
  const created = calendar.reckonDateOf(o.createdAt, about);
  const age = created ? calendar.reckonWorkingDaysBetween(created, day, about) : undefined;
  if (!age) return 'không tính được số ngày làm việc';
  return `${age.value} ngày làm việc${age.estimated ? ' (ước tính)' : ''}`;
}

/**
 * The n-th working day after the run's own day. The day is a real date, so there is always
 * an answer; past the holiday data it counts Mon–Fri, and the watched calendar notes it.
 */
function workingDaysAfter(day: BusinessDate, n: number, calendar: Calendar): BusinessDate {
  return calendar.reckonAddWorkingDays(day, n)?.value ?? addCalendarDays(day, n);
}

/** Who must act next on an open obstacle. */
function waitingOn(status: ObstacleStatus): string {
  if (status === 'reported') return 'chờ thành phố tiếp nhận';
  if (status === 'resolution_proposed') return 'chờ thành phố xác nhận';
  return 'chờ xã, phường xử lý';
}

function dossierLine(report: DossierReport | undefined, unitName?: string): DigestLine {
  const prefix = unitName ? `${unitName}: ` : '';
  if (!report) return { text: `${prefix}chưa báo cáo số liệu hồ sơ` };
  return {
    text: `${prefix}tiếp nhận ${report.received}, giải quyết ${report.resolved} (đúng hạn ${report.resolvedOnTime}), quá hạn ${report.overdue}${report.citizenVisits === undefined ? '' : `, ${report.citizenVisits} lượt công dân`}`,
    unitId: report.unitId,
  };
}

/**
 * The end-of-day digest: one per unit, built only from that unit's partitions (so it can
 * name nothing of another unit), and one for the city office over every unit.
 */
export async function composeEndOfDay(
  day: BusinessDate,
  cityOffice: Org,
  source: DigestSource,
  calendar: Calendar,
): Promise<DigestDraft[]> {
  const bounds = calendar.dayBounds(day);
  const soonBound = addCalendarDays(workingDaysAfter(day, 2, calendar), 1);
  const [units, reports] = await Promise.all([source.units(), source.reportsOfDay(day)]);
  const reportOf = new Map(reports.map((r) => [r.unitId, r]));

  const forScope = async (unitId: string | undefined) => {
    const [created, proposed, verified, open, tasks] = await Promise.all([
      source.obstaclesCreatedBetween(unitId, undefined, bounds.from, bounds.to),
      source.obstaclesEnteredStatusBetween(unitId, 'resolution_proposed', bounds.from, bounds.to),
      source.obstaclesEnteredStatusBetween(unitId, 'verified', bounds.from, bounds.to),
      Promise.all(openObstacleStatuses.map((s) => source.obstaclesInStatus(unitId, s))).then((l) =>
        l.flat(),
      ),
      source.openTasksDueBefore(unitId ? `unit:${unitId}` : '*', soonBound),
    ]);
    // A task whose due date is no date is in neither list; the run logs it (its calendar's gaps).
    const overdue = tasks.filter((t) => viewTask(t, day, calendar).overdue === true);
    const dueSoon = tasks.filter(
      (t) => viewTask(t, day, calendar).overdue === false && t.currentDue >= day,
    );
    return {
      created,
      proposedToday: proposed,
      verifiedToday: verified,
      open: open.filter((o) => o.createdAt <= bounds.to),
      overdue,
      dueSoon,
    };
  };

  const drafts: DigestDraft[] = [];
  for (const unit of sortByVietnamese(units, (u) => u.name)) {
    const s = await forScope(unit.id);
    drafts.push({
      recipient: unitRecipient(unit),
      sections: [
        { title: 'Vướng mắc mới trong ngày', lines: s.created.map((o) => obstacleLine(o, false)) },
        {
          title: 'Đã đề nghị xác nhận tháo gỡ trong ngày',
          lines: s.proposedToday.map((o) => obstacleLine(o, false)),
        },
        {
          title: 'Đã được xác nhận tháo gỡ trong ngày',
          lines: s.verifiedToday.map((o) => obstacleLine(o, false)),
        },
        {
          title: 'Vướng mắc đang chờ',
          lines: s.open.map((o) =>
            obstacleLine(o, false, `, ${waitingOn(o.status)}, ${ageText(o, day, calendar)}`),
          ),
        },
        {
          title: 'Nhiệm vụ đến hạn trong 2 ngày làm việc',
          lines: s.dueSoon.map((t) => taskLine(t, day, calendar, false)),
        },
        {
          title: 'Nhiệm vụ quá hạn',
          lines: s.overdue.map((t) => taskLine(t, day, calendar, false)),
        },
        {
          title: 'Hồ sơ thủ tục hành chính trong ngày',
          lines: [dossierLine(reportOf.get(unit.id))],
        },
      ],
      items: [
        ...[...s.created, ...s.proposedToday, ...s.verifiedToday, ...s.open].map((o) => ({
          type: 'obstacle' as const,
          id: o.id,
          unitIds: [o.unitId],
        })),
        ...[...s.dueSoon, ...s.overdue].map((t) => ({
          type: 'task' as const,
          id: t.id,
          unitIds: taskUnits(t),
        })),
      ],
    });
  }

  const city = await forScope(undefined);
  const silent = sortByVietnamese(
    units.filter((u) => !reportOf.has(u.id)),
    (u) => u.name,
  );
  drafts.push({
    recipient: orgRecipient(cityOffice),
    sections: [
      { title: 'Vướng mắc mới trong ngày', lines: city.created.map((o) => obstacleLine(o, true)) },
      {
        title: 'Đã đề nghị xác nhận tháo gỡ trong ngày',
        lines: city.proposedToday.map((o) => obstacleLine(o, true)),
      },
      {
        title: 'Đã được xác nhận tháo gỡ trong ngày',
        lines: city.verifiedToday.map((o) => obstacleLine(o, true)),
      },
      {
        title: 'Đang chờ thành phố',
        lines: city.open
          .filter((o) => o.status === 'reported' || o.status === 'resolution_proposed')
          .map((o) => obstacleLine(o, true, `, ${waitingOn(o.status)}`)),
      },
      {
        title: 'Nhiệm vụ đến hạn trong 2 ngày làm việc',
        lines: city.dueSoon.map((t) => taskLine(t, day, calendar, true)),
      },
      {
        title: 'Nhiệm vụ quá hạn',
        lines: city.overdue.map((t) => taskLine(t, day, calendar, true)),
      },
      {
        title: 'Hồ sơ thủ tục hành chính trong ngày',
        lines: sortByVietnamese(units, (u) => u.name)
          .filter((u) => reportOf.has(u.id))
          .map((u) => dossierLine(reportOf.get(u.id), u.name)),
      },
      {
        title: 'Đơn vị chưa báo cáo số liệu',
        lines: silent.map((u) => ({ text: u.name, unitId: u.id })),
      },
    ],
    items: [
      ...[...city.created, ...city.proposedToday, ...city.verifiedToday, ...city.open].map((o) => ({
        type: 'obstacle' as const,
        id: o.id,
        unitIds: [o.unitId],
      })),
      ...[...city.dueSoon, ...city.overdue].map((t) => ({
        type: 'task' as const,
        id: t.id,
        unitIds: taskUnits(t),
      })),
    ],
  });
  return drafts;
}

export interface EscalationThresholds {
  /** Working days overdue for level 2 (level 1 is the due date itself). */
  level2: number;
  level3: number;
  /** Working days an obstacle may wait for acknowledgement. */
  obstacleAcknowledgement: number;
}

export const defaultThresholds: EscalationThresholds = {
  level2: 3,
  level3: 7,
  obstacleAcknowledgement: 2,
};

/** The ladder level a task has reached on a day: 1 on its due date, 2 and 3 by working days overdue. */
export function escalationLevel(
  task: Pick<Task, 'currentDue'> & { id?: string },
  day: BusinessDate,
  calendar: Calendar,
  t: EscalationThresholds,
): 0 | 1 | 2 | 3 {
  if (day < task.currentDue) return 0;
  // Past the holiday data the level rests on a Mon–Fri count (better a level a day early or
  // late than none); a due date that is no date reaches no level, and the run logs it.
  const counted = calendar.reckonWorkingDaysBetween(task.currentDue, day, `task ${task.id}`);
  if (!counted) return 0;
  const overdue = counted.value;
  if (overdue >= t.level3) return 3;
  if (overdue >= t.level2) return 2;
  return 1;
}

/** The latest date an obstacle could be reported on and be `days` working days old on `day`. */
export function acknowledgementCutoff(
  day: BusinessDate,
  days: number,
  calendar: Calendar,
): BusinessDate {
  let date = day;
  // Counted on the read side: early in January this steps back into the year before, which
  // the holiday data may lack; every week has Mon–Fri days, so the loop ends.
  while ((calendar.reckonWorkingDaysBetween(date, day)?.value ?? days) < days)
    date = addCalendarDays(date, -1);
  return date;
}

export interface EscalationPlan {
  drafts: DigestDraft[];
  /** Levels to record in each task's history (only those not yet recorded). */
  taskLevels: { task: Task; level: 1 | 2 | 3 }[];
  obstacles: Obstacle[];
}

/**
 * The escalation ladder (docs/architecture.md#the-escalation-ladder): level 1 on the due
 * date to the assignees; level 2 at 3 working days overdue also to the city office; level 3
 * at 7 also to whoever assigned it. Obstacles unacknowledged for 2 working days go to the
 * city office. Each recipient gets one digest with all its items; a unit's digest holds
 * only tasks assigned to it.
 */
export async function composeEscalation(
  day: BusinessDate,
  cityOffice: Org,
  source: DigestSource,
  calendar: Calendar,
  thresholds: EscalationThresholds = defaultThresholds,
): Promise<EscalationPlan> {
  const cutoff = acknowledgementCutoff(day, thresholds.obstacleAcknowledgement, calendar);
  const [units, orgs, leaders, tasks, waiting] = await Promise.all([
    source.units(),
    source.orgs(),
    source.leaders(),
    source.openTasksDueBefore('*', addCalendarDays(day, 1)),
    source.obstaclesCreatedBetween(undefined, 'reported', undefined, calendar.dayBounds(cutoff).to),
  ]);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const leaderById = new Map(leaders.map((l) => [l.id, l]));
  const byRecipient = new Map<
    string,
    { recipient: Recipient; tasks: { task: Task; level: number }[]; obstacles: Obstacle[] }
  >();
  const add = (recipient: Recipient | undefined) => {
    if (!recipient) return undefined;
    const entry = byRecipient.get(recipient.key) ?? { recipient, tasks: [], obstacles: [] };
    byRecipient.set(recipient.key, entry);
    return entry;
  };

  const taskLevels: EscalationPlan['taskLevels'] = [];
  for (const task of tasks) {
    const level = escalationLevel(task, day, calendar, thresholds);
    if (level === 0) continue;
    if (level > task.escalationLevel) taskLevels.push({ task, level });
    const recipients: (Recipient | undefined)[] = task.assignees.map((a) => {
      if (a.kind === 'unit') {
        const unit = unitById.get(a.id);
        return unit ? unitRecipient(unit) : undefined;
      }
      const org = orgById.get(a.id);
      return org ? orgRecipient(org) : undefined;
    });
    if (level >= 2) recipients.push(orgRecipient(cityOffice));
    if (level >= 3) {
      const leader = task.assigner.leaderId ? leaderById.get(task.assigner.leaderId) : undefined;
      const org = task.assigner.orgId ? orgById.get(task.assigner.orgId) : undefined;
      recipients.push(leader ? leaderRecipient(leader) : org ? orgRecipient(org) : undefined);
    }
    for (const recipient of new Map(
      recipients.filter(Boolean).map((r) => [(r as Recipient).key, r as Recipient]),
    ).values()) {
      add(recipient)?.tasks.push({ task, level });
    }
  }
  for (const obstacle of waiting) add(orgRecipient(cityOffice))?.obstacles.push(obstacle);

  const drafts: DigestDraft[] = [...byRecipient.values()].map(
    ({ recipient, tasks: items, obstacles }) => ({
      recipient,
      sections: [
        ...[3, 2, 1].map((level) => ({
          title: `Nhiệm vụ ở mức cảnh báo ${level}${level === 1 ? ' (đến hạn)' : ''}`,
          lines: items
            .filter((i) => i.level === level)
            .map((i) => taskLine(i.task, day, calendar, recipient.kind !== 'unit')),
        })),
        ...(obstacles.length
          ? [
              {
                title: `Vướng mắc chưa được tiếp nhận sau ${thresholds.obstacleAcknowledgement} ngày làm việc`,
                lines: obstacles.map((o) =>
                  obstacleLine(o, true, `, báo cáo ngày ${calendar.dateOf(o.createdAt)}`),
                ),
              },
            ]
          : []),
      ],
      items: [
        ...items.map((i) => ({ type: 'task' as const, id: i.task.id, unitIds: taskUnits(i.task) })),
        ...obstacles.map((o) => ({ type: 'obstacle' as const, id: o.id, unitIds: [o.unitId] })),
      ],
    }),
  );
  return { drafts, taskLevels, obstacles: waiting };
}

/**
 * The weekly digest for the city's leaders: figures per unit and office, the longest-open
 * items, and systemic issues — an obstacle category open in at least `minUnits` units at
 * once, with the units and the summed quantities.
 */
export async function composeWeekly(
  monday: BusinessDate,
  source: DigestSource,
  calendar: Calendar,
  minUnits = 3,
): Promise<DigestDraft[]> {
  const [units, orgs, leaders, open, tasks, ...reports] = await Promise.all([
    source.units(),
    source.orgs(),
    source.leaders(),
    Promise.all(openObstacleStatuses.map((s) => source.obstaclesInStatus(undefined, s))).then((l) =>
      l.flat(),
    ),
    source.openTasksDueBefore('*', '9999-12-31'),
    ...Array.from({ length: 7 }, (_, i) => source.reportsOfDay(addCalendarDays(monday, -7 + i))),
  ]);
  const weekReports = reports.flat();
  const unitLines = sortByVietnamese(units, (u) => u.name).map((u) => {
    const mine = weekReports.filter((r) => r.unitId === u.id);
    const resolved = mine.reduce((n, r) => n + r.resolved, 0);
    const onTime = mine.reduce((n, r) => n + r.resolvedOnTime, 0);
    const openHere = open.filter((o) => o.unitId === u.id).length;
    // Figures count a task for its lead (chủ trì) only.
    const overdueHere = tasks.filter(
      (t) => countsFor(`unit:${u.id}`)(t) && viewTask(t, monday, calendar).overdue,
    ).length;
    return {
      text: `${u.name}: ${openHere} vướng mắc mở, ${overdueHere} nhiệm vụ quá hạn, hồ sơ đúng hạn ${onTime}/${resolved} trong tuần`,
      unitId: u.id,
    };
  });
  const orgLines = sortByVietnamese(orgs, (o) => o.name).map((org) => {
    const mine = tasks.filter(countsFor(`org:${org.id}`));
    const overdue = mine.filter((t) => viewTask(t, monday, calendar).overdue).length;
    return { text: `${org.name}: ${mine.length} nhiệm vụ đang mở, ${overdue} quá hạn` };
  });
  const oldest = [...open].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).slice(0, 5);
  const mostOverdue = tasks
    .map((t) => ({ t, v: viewTask(t, monday, calendar) }))
    .filter(({ v }) => v.overdue)
    .sort((a, b) => (b.v.overdueWorkingDays ?? 0) - (a.v.overdueWorkingDays ?? 0))
    .slice(0, 5);

  const byCategory = new Map<string, Obstacle[]>();
  for (const o of open) byCategory.set(o.category, [...(byCategory.get(o.category) ?? []), o]);
  const systemic = [...byCategory.entries()]
    .map(([category, list]) => ({
      category,
      list,
      units: [...new Set(list.map((o) => o.unitName))],
    }))
    .filter((c) => c.units.length >= minUnits)
    .map((c) => {
      const sums = new Map<string, number>();
      for (const o of c.list)
        if (o.quantity)
          sums.set(o.quantity.measure, (sums.get(o.quantity.measure) ?? 0) + o.quantity.total);
      const quantities = [...sums.entries()]
        .map(([m, n]) => `${measureLabels[m as keyof typeof measureLabels]}: ${n}`)
        .join('; ');
      return {
        text: `${categoryLabels[c.category as keyof typeof categoryLabels]}: mở tại ${c.units.length} đơn vị (${sortByVietnamese(c.units, (n) => n).join(', ')})${quantities ? ` – tổng ${quantities}` : ''}`,
      };
    });

  const sections: DigestSection[] = [
    { title: 'Vấn đề mang tính hệ thống', lines: systemic },
    { title: 'Theo đơn vị', lines: unitLines },
    { title: 'Theo cơ quan', lines: orgLines },
    {
      title: 'Vướng mắc mở lâu nhất',
      lines: oldest.map((o) =>
        obstacleLine(o, true, `, ${statusLabels[o.status]}, từ ${calendar.dateOf(o.createdAt)}`),
      ),
    },
    {
      title: 'Nhiệm vụ quá hạn lâu nhất',
      lines: mostOverdue.map(({ t }) => taskLine(t, monday, calendar, true)),
    },
  ];
  const items = [
    ...oldest.map((o) => ({ type: 'obstacle' as const, id: o.id, unitIds: [o.unitId] })),
    ...mostOverdue.map(({ t }) => ({ type: 'task' as const, id: t.id, unitIds: taskUnits(t) })),
  ];
  return leaders.map((leader) => ({ recipient: leaderRecipient(leader), sections, items }));
}
