import type { Recipient } from '../../schemas/digests.ts';
import type { Org } from '../../schemas/directory.ts';
import type { Obstacle } from '../../schemas/obstacles.ts';
import type { Task } from '../../schemas/tasks.ts';
import { addCalendarDays, type BusinessDate, type Calendar } from '../calendar/calendar.ts';
import {
  formatDate,
  leaderRecipient,
  obstacleLine,
  orgRecipient,
  taskLine,
  taskUnits,
  unitRecipient,
} from './lines.ts';
import type { DigestDraft, DigestSource } from './source.ts';

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
  // What each level means, as the history's `Cảnh báo mức N` names it.
  const ladderTexts: Record<number, string> = {
    3: `quá hạn từ ${thresholds.level3} ngày làm việc`,
    2: `quá hạn từ ${thresholds.level2} ngày làm việc`,
    1: 'đã đến hạn',
  };
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
          title: `Nhiệm vụ cảnh báo mức ${level} (${ladderTexts[level]})`,
          lines: items
            .filter((i) => i.level === level)
            .map((i) => taskLine(i.task, day, calendar, recipient.kind !== 'unit')),
        })),
        ...(obstacles.length
          ? [
              {
                title: `Vướng mắc chưa được tiếp nhận sau ${thresholds.obstacleAcknowledgement} ngày làm việc`,
                lines: obstacles.map((o) =>
                  obstacleLine(
                    o,
                    true,
                    `, báo cáo ngày ${formatDate(calendar.dateOf(o.createdAt))}`,
                  ),
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
