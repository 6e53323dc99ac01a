import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { BusyError, PreconditionFailedError } from '../domain/errors.ts';
import { assigneeKey, openTaskStatuses, type TaskQuery, type TaskStore } from '../domain/tasks.ts';
import type { Task, TaskEvent } from '../schemas/tasks.ts';
import { batchGet } from './batch-get.ts';
import { createIdempotency, type WriteItem } from './idempotency.ts';
import { entity, keys, stripKeys } from './keys.ts';
import { queryItems } from './query.ts';
import { writeVersioned } from './versioned-write.ts';

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

/** The author of what the scheduled runs write into a history. */
export const systemActor = { sub: 'system', name: 'Hệ thống Tháo gỡ', role: 'system' };

function partitionsOf(task: Task): string[] {
  return [...task.assignees.map(assigneeKey), '*'];
}

/**
 * The listings of a task: under each assignee and under `*`. Status and due date live in
 * index keys only, so the listings keep their place and are simply overwritten on change;
 * a closed task drops its due-date keys and leaves the sparse index.
 */
function taskListingPuts(tableName: string, task: Task): WriteItem[] {
  return partitionsOf(task).map((assignee) => {
    const key = keys.taskListing(assignee, task.createdAt, task.id);
    const open = openTaskStatuses.includes(task.status);
    return {
      Put: {
        TableName: tableName,
        Item: {
          ...key,
          entity: entity.taskListing,
          GSI1PK: keys.taskByStatus(assignee, task.status),
          GSI1SK: key.SK,
          ...(open
            ? {
                GSI3PK: keys.taskDuePartition(assignee),
                GSI3SK: keys.taskDueSort(task.currentDue, task.id),
              }
            : {}),
          ...task,
        },
      },
    };
  });
}

function taskEventPut(tableName: string, event: TaskEvent): WriteItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.taskEvent(event.taskId, event.at, event.id),
        entity: entity.taskEvent,
        ...event,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** Everything a new task writes, for a transaction of the caller's (a directive's). */
export function taskCreationItems(tableName: string, task: Task, event: TaskEvent): WriteItem[] {
  return [
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.task(task.id), entity: entity.task, ...task },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    taskEventPut(tableName, event),
    ...taskListingPuts(tableName, task),
  ];
}

export function createTasksRepository(doc: DynamoDBDocumentClient, tableName: string): TaskStore {
  const createIdem = createIdempotency(doc, tableName, 'createTask');
  const commentIdem = createIdempotency(doc, tableName, 'commentTask');

  const repository: TaskStore = {
    findReplay: (claim) => createIdem.findReplay<Task>(claim),

    async create(task, event, claim) {
      const items = taskCreationItems(tableName, task, event);
      const { value, replayed } = await createIdem.createOnce(items, claim, task, task.createdAt);
      return { task: value, replayed };
    },

    async get(id) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.task(id), ConsistentRead: true }),
      );
      return Item ? stripKeys<Task>(Item) : undefined;
    },

    async getMany(ids) {
      const items = await batchGet(doc, tableName, [...new Set(ids)].map(keys.task));
      return items.map((item) => stripKeys<Task>(item));
    },

    async history(id) {
      return queryItems<TaskEvent>(doc, {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.task(id).PK, ':prefix': keys.taskEventPrefix },
        ConsistentRead: true,
      });
    },

    async list(query: TaskQuery, page) {
      const byDue = query.dueBefore !== undefined;
      const input = byDue
        ? {
            IndexName: 'GSI3',
            KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :bound',
            ExpressionAttributeValues: {
              ':pk': keys.taskDuePartition(query.assignee),
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
          }
        : query.status
          ? {
              IndexName: 'GSI1',
              KeyConditionExpression: 'GSI1PK = :pk',
              ExpressionAttributeValues: { ':pk': keys.taskByStatus(query.assignee, query.status) },
              ScanIndexForward: false,
            }
          : {
              KeyConditionExpression: 'PK = :pk',
              ExpressionAttributeValues: { ':pk': keys.taskListingPartition(query.assignee) },
              ScanIndexForward: false,
            };
      const items: Task[] = [];
      let startKey: Record<string, unknown> | undefined = page.after
        ? JSON.parse(page.after)
        : undefined;
      let lastKey: Record<string, unknown> | undefined;
      do {
        const result = await doc.send(
          new QueryCommand({
            TableName: tableName,
            ...input,
            Limit: page.limit - items.length,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of result.Items ?? []) {
          items.push(stripKeys<Task>(item));
          lastKey = { PK: item.PK, SK: item.SK };
          if (byDue) Object.assign(lastKey, { GSI3PK: item.GSI3PK, GSI3SK: item.GSI3SK });
          else if (query.status)
            Object.assign(lastKey, { GSI1PK: item.GSI1PK, GSI1SK: item.GSI1SK });
        }
        startKey = result.LastEvaluatedKey;
      } while (startKey && items.length < page.limit);
      return { items, last: startKey && lastKey ? JSON.stringify(lastKey) : undefined };
    },

    async update(before, after, event) {
      await writeVersioned(doc, {
        tableName,
        key: keys.task(after.id),
        item: { entity: entity.task, ...after },
        expectedVersion: before.version,
        with: [taskEventPut(tableName, event), ...taskListingPuts(tableName, after)],
        staleMessage: 'The task changed since you read it; read it again before changing it.',
      });
    },

    /**
     * Raises the task's escalation level through the same versioned write as every change
     * (version + 1, with its event and listings). If the task changed since it was read,
     * it is read again; a level already reached is not written twice.
     */
    async recordEscalation(task, level, at, eventId) {
      let current: Task | undefined = task;
      for (let attempt = 0; attempt < 3; attempt++) {
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
        try {
          await repository.update(
            current,
            { ...current, escalationLevel: level, version: current.version + 1 },
            event,
          );
          return true;
        } catch (error) {
          if (!(error instanceof PreconditionFailedError)) throw error;
          current = await repository.get(current.id);
        }
      }
      throw new BusyError('The task kept changing while its escalation was recorded.');
    },

    async addComment(event, claim) {
      const { value, replayed } = await commentIdem.createOnce(
        [taskEventPut(tableName, event)],
        claim,
        event,
        event.at,
      );
      return { event: value, replayed };
    },
  };
  return repository;
}
