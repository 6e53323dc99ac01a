import { digestReadDeps } from '#functions/deps/digests.ts';
import { functions } from '#functions/manifest.ts';
import { parseDigestId } from '#shared/domain/digests/run.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { canReadDigest } from '#shared/domain/visibility.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { getDigestContract } from '#shared/schemas/digests.ts';

const { digests, directory } = digestReadDeps;

export const handler = httpHandler(
  functions.getDigest,
  getDigestContract,
  async ({ params, caller }) => {
    const key = parseDigestId(params.id);
    const digest = key ? await digests.get(key.kind, key.period, key.recipientKey) : undefined;
    if (!digest || !(await canReadDigest(caller, digest, directory)))
      throw new NotFoundError(`There is no digest "${params.id}".`);
    return { body: digest };
  },
);
