import { resolve } from 'node:path';
import { repoRoot } from '../paths.ts';

export { repoRoot };

/** Everything the local runtime keeps: DynamoDB Local's files and the signing key. */
export const defaultDataDir = resolve(repoRoot, '.data');
