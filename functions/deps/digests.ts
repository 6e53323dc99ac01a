/** What the digest reads of the API need, built once per container. */
import { createDigestsRepository } from '#shared/store/entities/digest.ts';
import { createDirectoryRepository } from '#shared/store/entities/directory.ts';
import { table } from './table.ts';

export const digestReadDeps = {
  digests: createDigestsRepository(...table),
  directory: createDirectoryRepository(...table),
};
