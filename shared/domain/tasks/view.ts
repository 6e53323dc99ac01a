/** A task as a reader sees it on a day: overdue or not, on time or not, and the figures. */
import type { Task, TaskStats, TaskView } from '../../schemas/tasks.ts';
import { type BusinessDate, type Calendar, gapOf, worstGap } from '../calendar/calendar.ts';
import { finishedStatuses, isOpen } from './machine.ts';

/**
 * Overdue means at least one working day has passed since the current due date: a task
 * due the Friday before Tết is not overdue during the holiday, and is 1 day overdue on
 * the first working day after it.
 */
export function viewTask(task: Task, asOf: BusinessDate, calendar: Calendar): TaskView {
  // A read never fails on what is stored (see the calendar's read side): a year the holiday
  // data lacks is counted Mon–Fri and flagged `estimated`; a due date that is no date gives
  // no figures, flagged `unavailable`.
  const counted = isOpen(task)
    ? calendar.reckonWorkingDaysBetween(task.currentDue, asOf, `task ${task.id}`)
    : { value: 0, estimated: false };
  const calendarGap = gapOf(counted);
  return {
    ...task,
    ...(counted ? { overdue: counted.value > 0, overdueWorkingDays: counted.value } : {}),
    ...(calendarGap ? { calendarGap } : {}),
    ...(finishedStatuses.includes(task.status) && task.completedOn
      ? { onTime: task.completedOn <= task.originalDue }
      : {}),
  };
}

/**
 * The latest working day on or before `asOf`: a task is overdue as of `asOf` exactly when
 * its due date is before this day. That turns "overdue" into one range on the due-date
 * index, holidays included.
 */
export function overdueBound(asOf: BusinessDate, calendar: Calendar): BusinessDate {
  let day = asOf;
  // The read-side answer, as viewTask counts: past the holiday data, weekends only.
  while (calendar.reckonWorkingDay(day)?.value === false) {
    day = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  }
  return day;
}

export function taskStats(tasks: Task[], asOf: BusinessDate, calendar: Calendar): TaskStats {
  const views = tasks.map((task) => viewTask(task, asOf, calendar));
  const finished = views.filter((v) => finishedStatuses.includes(v.status));
  const onTime = finished.filter((v) => v.onTime).length;
  const calendarGap = worstGap(views.map((v) => v.calendarGap));
  return {
    asOf,
    ...(calendarGap ? { calendarGap } : {}),
    total: views.length,
    open: views.filter((v) => isOpen(v)).length,
    overdue: views.filter((v) => v.overdue).length,
    finished: finished.length,
    cancelled: views.filter((v) => v.status === 'cancelled').length,
    onTimeRate: {
      numerator: onTime,
      denominator: finished.length,
      value: finished.length ? onTime / finished.length : null,
    },
  };
}
