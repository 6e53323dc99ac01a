import { dossierDeps } from '#functions/deps/dossiers.ts';
import { today } from '#functions/deps/table.ts';
import { functions } from '#functions/manifest.ts';
import { scorecard } from '#shared/domain/dossier-figures.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { scorecardContract } from '#shared/schemas/dossiers.ts';

/** Fewer resolved dossiers than this in the window: shown, not ranked. */
const defaultMinResolved = 30;

export const handler = httpHandler(functions.scorecard, scorecardContract, async ({ query }) => {
  const asOf = query.asOf ?? today();
  return {
    body: await scorecard(
      asOf,
      query.days ?? 30,
      query.minResolved ?? defaultMinResolved,
      dossierDeps,
    ),
  };
});
