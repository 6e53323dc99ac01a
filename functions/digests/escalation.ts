import { digestDeps } from '#functions/deps/digest-run.ts';
import { scheduledDigest } from '#shared/scheduled-handler.ts';

export const handler = scheduledDigest('escalation', async () => digestDeps);
