import { functions } from '#functions/manifest.ts';
import { createTask, viewTask } from '#shared/domain/tasks.ts';
import { etagOf } from '#shared/domain/versioning.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotencyClaim } from '#shared/http/idempotency.ts';
import { createTaskContract } from '#shared/schemas/tasks.ts';
import { documentClient, tableConfig } from '#shared/store/client.ts';
import { createObstaclesRepository } from '#shared/store/obstacles-repository.ts';
import { taskDeps } from '#shared/store/task-deps.ts';
import { createUnitsRepository } from '#shared/store/units-repository.ts';
import { createVisitsRepository } from '#shared/store/visits-repository.ts';

const units = createUnitsRepository(documentClient, tableConfig.tableName);
const obstacles = createObstaclesRepository(documentClient, tableConfig.tableName);
const visits = createVisitsRepository(documentClient, tableConfig.tableName);

export const handler = httpHandler(
  functions.createTask,
  createTaskContract,
  async ({ body, caller, event }) => {
    const { task, replayed } = await createTask(body, caller, {
      ...taskDeps,
      units,
      obstacles,
      visits,
      idempotency: idempotencyClaim(event, body),
    });
    return {
      status: 201,
      headers: {
        ETag: etagOf(task),
        Location: `/tasks/${task.id}`,
        ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      },
      body: viewTask(task, taskDeps.calendar.dateOf(taskDeps.now()), taskDeps.calendar),
    };
  },
);
