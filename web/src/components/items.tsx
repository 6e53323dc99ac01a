import { categoryLabels, statusLabels, taskStatusLabels } from '#shared/domain/labels.ts';
import type { Obstacle, ObstacleStatus } from '#shared/schemas/obstacles.ts';
import type { TaskStatus, TaskView } from '#shared/schemas/tasks.ts';
import { dueText, formatDate, formatInstant } from '../lib/format.ts';
import { Tag } from './ui.tsx';

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
    <li>
      <a class="title" href={`/obstacles/${obstacle.id}`}>
        {obstacle.title}
      </a>
      <div class="meta">
        <ObstacleStatusTag status={obstacle.status} />
        {showUnit ? <span>{obstacle.unitName}</span> : null}
        <span>{categoryLabels[obstacle.category]}</span>
        <span>báo cáo {formatInstant(obstacle.createdAt)}</span>
      </div>
    </li>
  );
}

export function TaskItem({ task }: { task: TaskView }) {
  const lead = task.assignees.find((a) => a.role === 'lead') ?? task.assignees[0];
  return (
    <li>
      <a class="title" href={`/tasks/${task.id}`}>
        {task.title}
      </a>
      <div class="meta">
        <TaskStatusTag status={task.status} />
        <DueTag task={task} />
        <span>hạn {formatDate(task.currentDue)}</span>
        {lead ? <span>chủ trì: {lead.name}</span> : null}
      </div>
    </li>
  );
}

export function Empty({ children }: { children: string }) {
  return <p class="hint">{children}</p>;
}
