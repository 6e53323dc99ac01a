/**
 * `npm run bench`: every figure a ratio measured side by side in this one run, printed as a
 * table with its target and written to bench/results/latest.json. `npm run bench -- reads
 * load` runs only the sections named (bundles, overhead, reads, escalation, load, web, photo,
 * offline). `web` (the app's first-screen bytes and Lighthouse, a few minutes) runs only when
 * named: `npm run bench -- web`; so do `photo` (a 12-megapixel photo through the app's
 * downscaling, in Chromium): `npm run bench -- photo`, and `offline` (the installed app's
 * home reloaded with no network, beside the same reload online): `npm run bench -- offline`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDbLocal, startDynamoDbLocal } from '#infra/local/dynamodb-local.ts';
import { ensureTable } from '#infra/local/table.ts';
import { benchBundles } from './bundles.ts';
import { functionEnv } from './child.ts';
import { benchEscalation } from './escalation.ts';
import { benchLoad } from './load.ts';
import { benchOverhead } from './overhead.ts';
import { benchReads } from './reads.ts';
import { type Figure, printTable } from './report.ts';

const started = Date.now();
const progress = (line: string) =>
  console.error(`[${Math.round((Date.now() - started) / 1000)} s] ${line}`);
progress(`Node.js ${process.version} on ${process.platform}-${process.arch}`);

let dynamo: DynamoDbLocal | undefined;
/**
 * One DynamoDB Local for the sections that need one, each in tables of its own; returns
 * its endpoint once the table named (if any) exists.
 */
async function dynamoWith(tableName?: string): Promise<string> {
  dynamo ??= await startDynamoDbLocal({});
  if (tableName) {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(client, tableName);
    client.destroy();
  }
  return dynamo.endpoint;
}

const sections: Record<string, () => Promise<Figure[]>> = {
  bundles: () => benchBundles({ rounds: 20, progress }),
  overhead: async () =>
    benchOverhead(functionEnv(await dynamoWith('thaogo-bench-overhead'), 'thaogo-bench-overhead')),
  reads: async () => benchReads(await dynamoWith('thaogo-bench-reads')),
  escalation: async () => benchEscalation(await dynamoWith(), progress),
  load: () => benchLoad(10, progress),
  // Imported when run: Vite, Lighthouse and Playwright stay out of the other sections.
  web: async () => (await import('./web.ts')).benchWeb(progress),
  photo: async () => (await import('./photo.ts')).benchPhoto(progress),
  offline: async () => (await import('./web-offline.ts')).benchOffline(progress),
};
/** Sections run only when named. */
const onlyWhenNamed = ['web', 'photo', 'offline'];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(w in sections));
if (unknown.length) {
  console.error(
    `Unknown section(s): ${unknown.join(', ')}. Sections: ${Object.keys(sections).join(', ')}.`,
  );
  process.exit(2);
}
const figures: Figure[] = [];
try {
  for (const [name, run] of Object.entries(sections)) {
    if (wanted.length ? !wanted.includes(name) : onlyWhenNamed.includes(name)) continue;
    progress(`${name}…`);
    figures.push(...(await run()));
  }
} finally {
  await dynamo?.stop();
}

console.log('');
printTable(figures, (line) => console.log(line));
const targets = figures.filter((f) => f.pass !== undefined);
const misses = targets.filter((f) => !f.pass);
const dir = resolve(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
const seconds = Math.round((Date.now() - started) / 1000);
writeFileSync(
  join(dir, 'latest.json'),
  `${JSON.stringify({ at: new Date().toISOString(), node: process.version, seconds, figures }, null, 2)}\n`,
);
console.log(
  `\n${figures.length} figures in ${seconds} s: ${targets.length - misses.length} of ${targets.length} targets met${misses.length ? `, missed: ${misses.map((m) => m.name.split(' (')[0]).join('; ')}` : ''}. Written to bench/results/latest.json.`,
);
