import { obstacleDeps } from '#functions/deps/obstacles.ts';
import { created, withClaim } from '#functions/glue.ts';
import { functions } from '#functions/manifest.ts';
import { reportObstacle } from '#shared/domain/obstacles.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { createObstacleContract } from '#shared/schemas/obstacles.ts';

export const handler = httpHandler(
  functions.createObstacle,
  createObstacleContract,
  async ({ body, caller, event }) => {
    const { obstacle, replayed } = await reportObstacle(
      body,
      caller,
      withClaim(obstacleDeps, event, body),
    );
    return created(obstacle, replayed, {
      location: `/obstacles/${obstacle.id}`,
      version: obstacle.version,
    });
  },
);
