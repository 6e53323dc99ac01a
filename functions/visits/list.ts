import { visitDeps } from '#functions/deps/visits.ts';
import { functions } from '#functions/manifest.ts';
import { readCursorKey } from '#shared/config.ts';
import { effectiveVisitUnit } from '#shared/domain/visits.ts';
import { createCursorCodec, cursorScope } from '#shared/http/cursor.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { listVisitsContract } from '#shared/schemas/visits.ts';

const cursors = createCursorCodec(readCursorKey(process.env));

export const handler = httpHandler(
  functions.listVisits,
  listVisitsContract,
  async ({ query, caller }) => {
    const { cursor, limit = 25, unitId, from, to } = query;
    const unit = effectiveVisitUnit(unitId, caller);
    const scope = cursorScope(caller.sub, 'listVisits', { unit, from, to });
    const after = cursor ? cursors.open(cursor, scope) : undefined;
    if (!unit) return { body: { items: [] } };
    const page = await visitDeps.visits.list(unit, { from, to }, { after, limit });
    return {
      body: {
        items: page.items,
        ...(page.last ? { nextCursor: cursors.seal(page.last, scope) } : {}),
      },
    };
  },
);
