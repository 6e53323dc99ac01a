/**
 * `npm run digest -- <end-of-day|escalation|weekly> --at 2025-07-18T08:00:00+07:00`:
 * runs one scheduled digest for any period, against the local data. Uses the DynamoDB
 * Local of a running `npm start`, or starts one on `.data/` for the run.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FunctionName } from '#functions/manifest.ts';
import { loadOrCreateCursorKey } from './auth.ts';
import {
  type DynamoDbLocal,
  LocalRuntimeError,
  runningEndpoint,
  startDynamoDbLocal,
} from './dynamodb-local.ts';
import { useLocalConfiguration } from './environment.ts';
import { defaultDataDir } from './paths.ts';
import { loadScheduledHandler } from './scheduler.ts';

const names: Record<string, FunctionName> = {
  'end-of-day': 'endOfDayDigest',
  escalation: 'escalationDigest',
  weekly: 'weeklyDigest',
};
const usage =
  'Usage: npm run digest -- <end-of-day|escalation|weekly> --at <ISO time, e.g. 2025-07-18T08:00:00+07:00>';

async function main() {
  const { values, positionals } = parseArgs({
    options: { at: { type: 'string' } },
    allowPositionals: true,
  });
  const fn = names[positionals[0] ?? ''];
  if (!fn || !values.at || Number.isNaN(Date.parse(values.at))) {
    console.error(usage);
    process.exit(2);
  }
  let started: DynamoDbLocal | undefined;
  let endpoint = await runningEndpoint(join(defaultDataDir, 'dynamodb'));
  if (!endpoint) {
    started = await startDynamoDbLocal({ dataDir: join(defaultDataDir, 'dynamodb') });
    endpoint = started.endpoint;
  }
  try {
    useLocalConfiguration({
      tableName: 'thaogo-local',
      endpoint,
      cursorKey: loadOrCreateCursorKey(defaultDataDir),
      outboxDir: join(defaultDataDir, 'outbox'),
      // The links lead to the app of `npm start`, on its port.
      baseUrl: `http://localhost:${process.env.PORT ?? 3000}`,
    });
    const handler = await loadScheduledHandler(fn);
    const report = await handler({ scheduledTime: new Date(values.at).toISOString() });
    console.log(JSON.stringify(report, null, 2));
    console.log(`Outbox: ${process.env.OUTBOX_DIR}`);
  } finally {
    await started?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof LocalRuntimeError ? `✖ ${error.message}` : error);
  process.exit(1);
});
