import { scheduledDigest } from '#shared/scheduled-handler.ts';
import { digestDeps } from '#shared/store/digest-deps.ts';

export const handler = scheduledDigest('end-of-day', async () => digestDeps);
