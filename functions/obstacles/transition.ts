import { obstacleDeps } from '#functions/deps/obstacles.ts';
import { functions } from '#functions/manifest.ts';
import { etagOf, transitionObstacle } from '#shared/domain/obstacles.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { transitionObstacleContract } from '#shared/schemas/obstacles.ts';

export const handler = httpHandler(
  functions.transitionObstacle,
  transitionObstacleContract,
  async ({ params, body, caller, event }) => {
    const obstacle = await transitionObstacle(
      params.id,
      body,
      event.headers?.['if-match'],
      caller,
      obstacleDeps,
    );
    return { headers: { ETag: etagOf(obstacle) }, body: obstacle };
  },
);
