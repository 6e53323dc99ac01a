import type { ComponentChildren } from 'preact';
import { categoryLabels, statusLabels, taskStatusLabels } from '#shared/domain/labels.ts';
import type { Obstacle, ObstacleStatus } from '#shared/schemas/obstacles.ts';
import type { TaskStatus, TaskView } from '#shared/schemas/tasks.ts';
import { dueText, formatDate, formatInstant } from '../lib/format.ts';
import { Loading, ProblemNotice, Tag } from './ui.tsx';

export const openObstacleStatuses: ObstacleStatus[] = [
  'reported',
  'acknowledged',
  'in_progress',
  'resolution_proposed',
  'reopened',
];
export const openTaskStatuses: TaskStatus[] = ['assigned', 'in_progress'];

const obstacleTone: Record<ObstacleStatus, string> = {
  reported: 'warn',
  acknowledged: '',
  in_progress: '',
  resolution_proposed: 'warn',
  reopened: 'bad',
  verified: 'ok',
  withdrawn: '',
};

export function ObstacleStatusTag({ status }: { status: ObstacleStatus }) {
  return <Tag tone={obstacleTone[status]}>{statusLabels[status]}</Tag>;
}

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  return (
    <Tag tone={status === 'verified' ? 'ok' : status === 'done' ? 'warn' : ''}>
      {taskStatusLabels[status]}
    </Tag>
  );
}

export function DueTag({
  task,
}: {
  task: Pick<TaskView, 'currentDue' | 'status' | 'overdueWorkingDays'>;
}) {
  const finished =
    task.status === 'done' || task.status === 'verified' || task.status === 'cancelled';
  const due = dueText(task.currentDue, {
    overdueWorkingDays: task.overdueWorkingDays,
    done: finished,
  });
  return <Tag tone={due.tone}>{due.text}</Tag>;
}

export function ObstacleItem({ obstacle, showUnit }: { obstacle: Obstacle; showUnit?: boolean }) {
  return (
    <Card href={`/obstacles/${obstacle.id}`} title={obstacle.title}>
      <ObstacleStatusTag status={obstacle.status} />
      {showUnit ? <span>{obstacle.unitName}</span> : null}
      <span>{categoryLabels[obstacle.category]}</span>
      <span>báo cáo {formatInstant(obstacle.createdAt)}</span>
    </Card>
  );
}

export function TaskItem({ task }: { task: TaskView }) {
  const lead = task.assignees.find((a) => a.role === 'lead') ?? task.assignees[0];
  return (
    <Card href={`/tasks/${task.id}`} title={task.title}>
      <TaskStatusTag status={task.status} />
      <DueTag task={task} />
      <span>hạn {formatDate(task.currentDue)}</span>
      {lead ? <span>chủ trì: {lead.name}</span> : null}
    </Card>
  );
}

/** One card of a list: its title links to the item, and the line below it says what it is. */
export function Card({
  href,
  title,
  children,
}: {
  href: string;
  title: ComponentChildren;
  children?: ComponentChildren;
}) {
  return (
    <li>
      <a class="title" href={href}>
        {title}
      </a>
      {children === undefined ? null : <div class="meta">{children}</div>}
    </li>
  );
}

/**
 * A list of cards as the screens show one: the refusal and "loading" of the read the items
 * come from, a line saying there are none once it is in, then the cards.
 */
export function Cards<T>({
  items,
  read,
  empty,
  children,
}: {
  items: T[];
  read?: { loading?: boolean; data?: unknown; error?: unknown };
  empty?: string;
  children: (item: T) => ComponentChildren;
}) {
  return (
    <>
      {read?.error ? <ProblemNotice error={read.error} /> : null}
      {read?.loading ? <Loading /> : null}
      {empty && (!read || read.data) && !items.length ? <Empty>{empty}</Empty> : null}
      <ul class="cards">{items.map(children)}</ul>
    </>
  );
}

export function Empty({ children }: { children: string }) {
  return <p class="hint">{children}</p>;
}
