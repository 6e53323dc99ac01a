/**
 * Section 4, in processes of their own: `load <n>` fills a table with n open tasks of 20
 * communes (already at the ladder's last level, so the run reads, composes and sends, and
 * records nothing) and 10n closed ones; `run` times one escalation run through the real
 * function and reports the process's peak memory.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { lambdaContext } from '#infra/local/lambda-events.ts';

const [mode, count] = process.argv.slice(2);
const tableName = process.env.TABLE_NAME as string;

if (mode === 'load') {
  const { ensureTable } = await import('#infra/local/table.ts');
  const { toDocumentClient } = await import('#shared/store/document-client.ts');
  const { bulkPut } = await import('#infra/local/bulk-put.ts');
  const { escalationScaleItems } = await import('./fixtures/escalation-data.ts');
  const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  await ensureTable(client, tableName);
  const n = Number(count);
  await bulkPut(toDocumentClient(client), tableName, escalationScaleItems(tableName, n, 10 * n));
  process.send?.({ loaded: n });
} else {
  const { handler } = await import('#functions/digests/escalation.ts');
  const rssBefore = process.memoryUsage().rss;
  let heapPeak = 0;
  const sampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 5);
  const started = performance.now();
  const report = await handler({ scheduledTime: '2025-07-15T01:00:00Z' }, lambdaContext);
  const ms = performance.now() - started;
  clearInterval(sampler);
  process.send?.({
    ms,
    itemsFound: report.itemsFound,
    rssBefore,
    rssPeak: process.resourceUsage().maxRSS * 1024,
    heapPeak: Math.max(heapPeak, process.memoryUsage().heapUsed),
  });
}
