/**
 * The task entity: the task, its history events and comments, and its listings under each
 * assignee and under `*`; their keys, reads and writes (docs/architecture.md#listing-copies).
 */
import { BusyError, PreconditionFailedError } from '../../domain/errors.ts';
import { assigneeKey, openTaskStatuses, type TaskStore } from '../../domain/tasks.ts';
import { Task, TaskEvent } from '../../schemas/tasks.ts';
import { createIdempotency } from '../idempotency.ts';
import { entity, eventPrefix, type ItemKey, systemActor, type TableArgs } from '../item.ts';
import { type QueryInput, queryPage } from '../reads.ts';
import { defaultRetry, withRetry } from '../retry.ts';
import { putNew, type WriteItem } from '../transactions.ts';
import { type VersionedEntity, versionedStore } from '../versioned-write.ts';

export const taskKeys = {
  task: (id: string): ItemKey => ({ PK: `TASK#${id}`, SK: 'TASK' }),
  /** Task history sorts by time; comments are events too and need no version. */
  taskEvent: (taskId: string, at: string, eventId: string): ItemKey => ({
    PK: `TASK#${taskId}`,
    SK: `EVENT#${at}#${eventId}`,
  }),
  taskEventPrefix: eventPrefix,
  /** One listing per assignee (`org:x`, `unit:y`) and one for all (`*`), newest first. */
  taskListing: (assignee: string, createdAt: string, id: string): ItemKey => ({
    PK: `TASKLIST#A=${assignee}`,
    SK: `${createdAt}#${id}`,
  }),
  taskListingPartition: (assignee: string) => `TASKLIST#A=${assignee}`,
  /** GSI1: an assignee's tasks in one status. */
  taskByStatus: (assignee: string, status: string) => `TASKLIST#A=${assignee}#S=${status}`,
  /** GSI3, sparse: only open tasks carry it, sorted by the due date in force. */
  taskDuePartition: (assignee: string) => `TASKDUE#A=${assignee}`,
  taskDueSort: (currentDue: string, id: string) => `${currentDue}#${id}`,
} as const;

/** The task as a versioned entity: the tags and schemas of the item, its events, its listings. */
const taskEntity: VersionedEntity<Task, TaskEvent> = {
  item: [entity.task, Task],
  event: [entity.taskEvent, TaskEvent],
  listing: entity.taskListing,
};

/**
 * The listings of a task: under each assignee and under `*`. Status and due date live in
 * index keys only, so the listings keep their place and are simply overwritten on change;
 * a closed task drops its due-date keys and leaves the sparse index.
 */
function listingPuts(tableName: string, task: Task): WriteItem[] {
  const open = openTaskStatuses.includes(task.status);
  return [...task.assignees.map(assigneeKey), '*'].map((assignee) => {
    const key = taskKeys.taskListing(assignee, task.createdAt, task.id);
    const due = {
      GSI3PK: taskKeys.taskDuePartition(assignee),
      GSI3SK: taskKeys.taskDueSort(task.currentDue, task.id),
    };
    return {
      Put: {
        TableName: tableName,
        Item: {
          ...key,
          entity: entity.taskListing,
          GSI1PK: taskKeys.taskByStatus(assignee, task.status),
          GSI1SK: key.SK,
          ...(open ? due : {}),
          ...task,
        },
      },
    };
  });
}

const eventPut = (tableName: string, event: TaskEvent) =>
  putNew(tableName, {
    ...taskKeys.taskEvent(event.taskId, event.at, event.id),
    entity: entity.taskEvent,
    ...event,
  });

/** Everything a new task writes, for a transaction of the caller's (a directive's). */
export function taskCreationItems(tableName: string, task: Task, event: TaskEvent): WriteItem[] {
  return [
    putNew(tableName, { ...taskKeys.task(task.id), entity: entity.task, ...task }),
    eventPut(tableName, event),
    ...listingPuts(tableName, task),
  ];
}

/**
 * When an escalation enters the history: the run's scheduled time, so a replayed period
 * reads as it would have, but never before the last change of the version it is written
 * on (a user's change between 08:00 and the run's write must not sort after the level).
 */
function historyTime(scheduled: string, task: Pick<Task, 'updatedAt'>): string {
  const after = Date.parse(task.updatedAt) + 1;
  return Number.isNaN(after) || after <= Date.parse(scheduled)
    ? scheduled
    : new Date(after).toISOString();
}

/** The Query of a task list, and the keys that continue after one of its items. */
function listQuery(query: Parameters<TaskStore['list']>[0]): {
  input: Omit<QueryInput, 'TableName'>;
  keyAttributes: string[];
} {
  if (query.dueBefore !== undefined) {
    return {
      input: {
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :bound',
        ExpressionAttributeValues: {
          ':pk': taskKeys.taskDuePartition(query.assignee),
          ':bound': query.dueBefore,
          ...(query.status ? { ':status': query.status } : {}),
        },
        ...(query.status
          ? {
              FilterExpression: '#status = :status',
              ExpressionAttributeNames: { '#status': 'status' },
            }
          : {}),
        // Most overdue first.
        ScanIndexForward: true,
      },
      keyAttributes: ['PK', 'SK', 'GSI3PK', 'GSI3SK'],
    };
  }
  if (query.status) {
    return {
      input: {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': taskKeys.taskByStatus(query.assignee, query.status) },
        ScanIndexForward: false,
      },
      keyAttributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
    };
  }
  return {
    input: {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': taskKeys.taskListingPartition(query.assignee) },
      ScanIndexForward: false,
    },
    keyAttributes: ['PK', 'SK'],
  };
}

export function createTasksRepository(...table: TableArgs): TaskStore {
  const [doc, tableName] = table;
  const store = versionedStore(table, taskKeys.task, taskCreationItems, taskEntity);
  const commentIdem = createIdempotency(doc, tableName, 'commentTask', store.readEvent);
  const update: TaskStore['update'] = (before, after, event) =>
    store.write(before, after, [eventPut(tableName, event), ...listingPuts(tableName, after)]);

  return {
    ...store.reads,

    create: async (task, event, claim) => {
      const { value, replayed } = await store.create(task, event, claim);
      return { task: value, replayed };
    },

    async list(query, page) {
      const { input, keyAttributes } = listQuery(query);
      const { items, last } = await queryPage(
        doc,
        { TableName: tableName, ...input },
        store.readListed,
        {
          limit: page.limit,
          after: page.after ? JSON.parse(page.after) : undefined,
          keyAttributes,
        },
      );
      return { items, last: last ? JSON.stringify(last) : undefined };
    },

    update,

    /**
     * Raises the task's escalation level through the same versioned write as every change
     * (version + 1, with its event and listings). If the task changed since it was read,
     * it is read again; a level already reached is not written twice.
     */
    async recordEscalation(task, level, at, eventId) {
      let current: Task | undefined = task;
      return withRetry(
        async (attempt) => {
          if (attempt > 0 && current) current = await store.reads.get(current.id);
          if (!current || current.escalationLevel >= level) return false;
          const event: TaskEvent = {
            taskId: current.id,
            id: eventId,
            at: historyTime(at, current),
            scheduledFor: at,
            by: systemActor,
            action: 'escalate',
            note: `Cảnh báo mức ${level}`,
            changes: { escalationLevel: { from: current.escalationLevel, to: level } },
          };
          await update(
            current,
            { ...current, escalationLevel: level, version: current.version + 1 },
            event,
          );
          return true;
        },
        (error) => error instanceof PreconditionFailedError,
        () => new BusyError('The task kept changing while its escalation was recorded.'),
        { ...defaultRetry, attempts: 3 },
      );
    },

    async addComment(event, claim) {
      const items = [eventPut(tableName, event)];
      const { value, replayed } = await commentIdem.createOnce(items, claim, event, event.at);
      return { event: value, replayed };
    },
  };
}
