import { today } from '#functions/deps/table.ts';
import { taskDeps } from '#functions/deps/tasks.ts';
import { functions } from '#functions/manifest.ts';
import { readCursorKey } from '#shared/config.ts';
import { effectiveTaskQuery, viewTask } from '#shared/domain/tasks.ts';
import { createCursorCodec, cursorScope } from '#shared/http/cursor.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { listTasksContract } from '#shared/schemas/tasks.ts';

const cursors = createCursorCodec(readCursorKey(process.env));

export const handler = httpHandler(
  functions.listTasks,
  listTasksContract,
  async ({ query, caller }) => {
    const { cursor, limit = 25, asOf: asked, ...filters } = query;
    const asOf = asked ?? today();
    const effective = await effectiveTaskQuery(filters, asOf, caller, taskDeps);
    const scope = cursorScope(caller.sub, 'listTasks', { ...(effective ?? {}), asOf });
    const after = cursor ? cursors.open(cursor, scope) : undefined;
    if (!effective) return { body: { items: [] } };
    const page = await taskDeps.tasks.list(effective, { after, limit });
    return {
      body: {
        items: page.items.map((task) => viewTask(task, asOf, taskDeps.calendar)),
        ...(page.last ? { nextCursor: cursors.seal(page.last, scope) } : {}),
      },
    };
  },
);
