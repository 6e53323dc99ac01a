import { functions } from '#functions/manifest.ts';
import { etagOf, reportObstacle } from '#shared/domain/obstacles.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotencyClaim } from '#shared/http/idempotency.ts';
import { newUlid } from '#shared/ids.ts';
import { createObstacleContract } from '#shared/schemas/obstacles.ts';
import { documentClient, tableConfig } from '#shared/store/client.ts';
import { createObstaclesRepository } from '#shared/store/obstacles-repository.ts';
import { createUnitsRepository } from '#shared/store/units-repository.ts';
import { createVisitsRepository } from '#shared/store/visits-repository.ts';

const obstacles = createObstaclesRepository(documentClient, tableConfig.tableName);
const units = createUnitsRepository(documentClient, tableConfig.tableName);
const visits = createVisitsRepository(documentClient, tableConfig.tableName);

export const handler = httpHandler(
  functions.createObstacle,
  createObstacleContract,
  async ({ body, caller, event }) => {
    const { obstacle, replayed } = await reportObstacle(body, caller, {
      obstacles,
      units,
      visits,
      now: () => new Date().toISOString(),
      newId: () => newUlid(),
      idempotency: idempotencyClaim(event, body),
    });
    return {
      status: 201,
      headers: {
        ETag: etagOf(obstacle),
        Location: `/obstacles/${obstacle.id}`,
        ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      },
      body: obstacle,
    };
  },
);
