import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mintToken } from '#infra/local/auth.ts';
import { freePort } from '#infra/local/dynamodb-local.ts';
import { startLocalRuntime } from '#infra/local/runtime.ts';
import { seedItemCount } from '#infra/local/seed/seed.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Each test starts DynamoDB Local (Java) and the whole runtime at least once: on two busy
 * cores beside the other integration files that takes more than the default 30 s.
 */
const startingTimeout = 120_000;

/** The life cycle `npm start` relies on, in a data folder of its own. */
describe('local runtime', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'thaogo-runtime-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(
    'keeps data and the signing key across restarts, seeds once, and leaves no Java behind',
    async () => {
      // Handlers keep their DynamoDB client for the life of the process, as a Lambda container
      // does; both runs in this one process must therefore find DynamoDB Local on one port.
      const dynamoPort = await freePort();
      // Whatever a run before this one in the process set: the links must follow this run.
      delete process.env.APP_BASE_URL;
      const first = await startLocalRuntime({ dataDir, port: 0, dynamoPort });
      const token = await mintToken(first.keys, {
        role: 'delegation',
        leaderIds: ['le-tien-chau'],
      });
      expect(first.seed).toEqual({ created: seedItemCount, existing: 0 });
      // The links in mail lead to this server's app, on the port it chose, and the API is under /api.
      expect(first.api.origin).toMatch(/^http:\/\/localhost:\d+$/);
      expect(first.api.origin).not.toBe('http://localhost:3000');
      expect(process.env.APP_BASE_URL).toBe(first.api.origin);
      expect(first.api.url).toBe(`${first.api.origin}/api`);
      const firstPid = first.dynamo.pid;
      await first.stop();
      expect(isAlive(firstPid)).toBe(false);

      const second = await startLocalRuntime({ dataDir, port: 0, dynamoPort });
      try {
        expect(second.seed).toEqual({ created: 0, existing: seedItemCount });
        // A token minted before the restart still verifies: the key was kept under the data folder.
        const response = await fetch(`${second.api.url}/units`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.status).toBe(200);
        expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(5);
      } finally {
        await second.stop();
      }
      expect(isAlive(second.dynamo.pid)).toBe(false);
    },
    startingTimeout,
  );

  it(
    'starts from nothing with fresh',
    async () => {
      const runtime = await startLocalRuntime({
        dataDir,
        port: 0,
        fresh: true,
        dynamoPort: await freePort(),
      });
      try {
        expect(runtime.seed).toEqual({ created: seedItemCount, existing: 0 });
      } finally {
        await runtime.stop();
      }
    },
    startingTimeout,
  );
});
