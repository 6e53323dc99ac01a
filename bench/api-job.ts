/**
 * Section 5's server: the whole local product (DynamoDB Local, seed, local API over the
 * real handlers) in a process of its own, so the load generator does not share its event
 * loop. Sends where it listens and two tokens; stops when told.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '#infra/local/auth.ts';
import { startLocalRuntime } from '#infra/local/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'thaogo-bench-'));
process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
const runtime = await startLocalRuntime({ dataDir, port: 0, inMemory: true });
process.send?.({
  url: runtime.api.url,
  endpoint: runtime.dynamo.endpoint,
  tableName: runtime.tableName,
  delegation: await mintToken(runtime.keys, {
    role: 'delegation',
    leaderIds: ['le-tien-chau'],
    sub: 'bench-delegation',
  }),
  commune: await mintToken(runtime.keys, {
    role: 'commune',
    unitId: 'nguyen-giap',
    sub: 'bench-commune',
  }),
});
process.on('message', async () => {
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
