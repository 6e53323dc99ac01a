import { obstacleDeps } from '#functions/deps/obstacles.ts';
import { ifMatch, versioned } from '#functions/glue.ts';
import { functions } from '#functions/manifest.ts';
import { transitionObstacle } from '#shared/domain/obstacles.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { transitionObstacleContract } from '#shared/schemas/obstacles.ts';

export const handler = httpHandler(
  functions.transitionObstacle,
  transitionObstacleContract,
  async ({ params, body, caller, event }) => {
    const obstacle = await transitionObstacle(
      params.id,
      body,
      ifMatch(event),
      caller,
      obstacleDeps,
    );
    return versioned(obstacle, obstacle);
  },
);
