import { obstacleDeps } from '#functions/deps/obstacles.ts';
import { versioned } from '#functions/glue.ts';
import { functions } from '#functions/manifest.ts';
import { getObstacle } from '#shared/domain/obstacles.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { getObstacleContract } from '#shared/schemas/obstacles.ts';

export const handler = httpHandler(
  functions.getObstacle,
  getObstacleContract,
  async ({ params, caller }) => {
    const obstacle = await getObstacle(params.id, caller, obstacleDeps);
    return versioned(obstacle, obstacle);
  },
);
