/** The recipients of the digests and the lines they read about obstacles and tasks. */
import type { DigestLine, Recipient } from '../../schemas/digests.ts';
import type { Leader, Org } from '../../schemas/directory.ts';
import type { Obstacle } from '../../schemas/obstacles.ts';
import type { Task } from '../../schemas/tasks.ts';
import type { Unit } from '../../schemas/units.ts';
import type { BusinessDate, Calendar } from '../calendar/calendar.ts';
import { categoryLabels } from '../labels.ts';
import { viewTask } from '../tasks/view.ts';

/** `04/07/2025`, as officials write a date; a stored value that is no date shows as it is. */
export function formatDate(date: string): string {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return parts ? `${parts[3]}/${parts[2]}/${parts[1]}` : String(date ?? '');
}

/** A figure as Vietnamese writes it: `1.234,5`. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(n);
}

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

export const obstacleLine = (o: Obstacle, withUnit: boolean, extra = ''): DigestLine => ({
  text: `${withUnit ? `${o.unitName}: ` : ''}${o.title} (${categoryLabels[o.category]}${extra})`,
  link: `/obstacles/${o.id}`,
  unitId: o.unitId,
});

export const taskUnits = (t: Task) => t.assignees.filter((a) => a.kind === 'unit').map((a) => a.id);

export const taskLine = (
  t: Task,
  asOf: BusinessDate,
  calendar: Calendar,
  withAssignees: boolean,
): DigestLine => {
  const view = viewTask(t, asOf, calendar);
  const who = withAssignees ? `${t.assignees.map((a) => a.name).join(', ')}: ` : '';
  const due = formatDate(t.currentDue);
  const when =
    view.calendarGap === 'unavailable'
      ? `hạn ${due}, không tính được số ngày làm việc`
      : view.overdue
        ? `quá hạn ${view.overdueWorkingDays} ngày làm việc${view.calendarGap ? ' (ước tính)' : ''}, hạn ${due}`
        : `hạn ${due}`;
  return { text: `${who}${t.title} (${when})`, link: `/tasks/${t.id}` };
};
