import { obstacleDeps } from '#functions/deps/obstacles.ts';
import { functions } from '#functions/manifest.ts';
import { etagOf, reportObstacle } from '#shared/domain/obstacles.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotencyClaim } from '#shared/http/idempotency.ts';
import { createObstacleContract } from '#shared/schemas/obstacles.ts';

export const handler = httpHandler(
  functions.createObstacle,
  createObstacleContract,
  async ({ body, caller, event }) => {
    const { obstacle, replayed } = await reportObstacle(body, caller, {
      ...obstacleDeps,
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
