import { canReadDigest } from '#shared/domain/digests/access.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { listDigestsContract } from '#shared/schemas/digests.ts';
import { documentClient, tableConfig } from '#shared/store/client.ts';
import { createDigestsRepository } from '#shared/store/digests-repository.ts';

const digests = createDigestsRepository(documentClient, tableConfig.tableName);

export const handler = httpHandler(listDigestsContract, async ({ query, caller }) => ({
  body: {
    items: (await digests.listByDate(query.date, query.kind)).filter((d) =>
      canReadDigest(caller, d),
    ),
  },
}));
