import { obstacleDeps } from '#functions/deps/obstacles.ts';
import { functions } from '#functions/manifest.ts';
import { readCursorKey } from '#shared/config.ts';
import { effectiveFilter, listObstacles } from '#shared/domain/obstacles.ts';
import { createCursorCodec, cursorScope } from '#shared/http/cursor.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { listObstaclesContract } from '#shared/schemas/obstacles.ts';

const cursors = createCursorCodec(readCursorKey(process.env));

export const handler = httpHandler(
  functions.listObstacles,
  listObstaclesContract,
  async ({ query, caller }) => {
    const { cursor, limit = 25, ...filters } = query;
    const filter = effectiveFilter(filters, caller);
    const scope = cursorScope(caller.sub, 'listObstacles', filter ?? {});
    const after = cursor ? cursors.open(cursor, scope) : undefined;
    if (!filter) return { body: { items: [] } };
    const page = await listObstacles(filter, { after, limit }, obstacleDeps);
    return {
      body: {
        items: page.items,
        ...(page.last ? { nextCursor: cursors.seal(page.last, scope) } : {}),
      },
    };
  },
);
