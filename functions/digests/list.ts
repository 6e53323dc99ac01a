import { digestReadDeps } from '#functions/deps/digests.ts';
import { functions } from '#functions/manifest.ts';
import { canReadDigest } from '#shared/domain/visibility.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { listDigestsContract } from '#shared/schemas/digests.ts';

const { digests, directory } = digestReadDeps;

export const handler = httpHandler(
  functions.listDigests,
  listDigestsContract,
  async ({ query, caller }) => {
    const found = await digests.listByDate(query.date, query.kind);
    const readable = await Promise.all(found.map((d) => canReadDigest(caller, d, directory)));
    return { body: { items: found.filter((_, i) => readable[i]) } };
  },
);
