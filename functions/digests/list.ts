import { functions } from '#functions/manifest.ts';
import { canReadDigest } from '#shared/domain/visibility.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { listDigestsContract } from '#shared/schemas/digests.ts';
import { documentClient, tableConfig } from '#shared/store/client.ts';
import { createDigestsRepository } from '#shared/store/digests-repository.ts';
import { createDirectoryRepository } from '#shared/store/directory-repository.ts';

const digests = createDigestsRepository(documentClient, tableConfig.tableName);
const directory = createDirectoryRepository(documentClient, tableConfig.tableName);

export const handler = httpHandler(
  functions.listDigests,
  listDigestsContract,
  async ({ query, caller }) => {
    const found = await digests.listByDate(query.date, query.kind);
    const readable = await Promise.all(found.map((d) => canReadDigest(caller, d, directory)));
    return { body: { items: found.filter((_, i) => readable[i]) } };
  },
);
