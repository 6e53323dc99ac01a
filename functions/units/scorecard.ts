import { scorecard } from '#shared/domain/unit-overview.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { scorecardContract } from '#shared/schemas/dossiers.ts';
import { overviewDeps } from '#shared/store/overview-deps.ts';

/** Fewer resolved dossiers than this in the window: shown, not ranked. */
const defaultMinResolved = 30;

export const handler = httpHandler(scorecardContract, async ({ query }) => {
  const asOf = query.asOf ?? overviewDeps.calendar.dateOf(overviewDeps.now());
  return {
    body: await scorecard(
      asOf,
      query.days ?? 30,
      query.minResolved ?? defaultMinResolved,
      overviewDeps,
    ),
  };
});
