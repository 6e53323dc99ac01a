/**
 * `npm run seed`: writes the reference data into the local table, never overwriting what
 * is already there (so it is safe to run at any time, as often as you like). Uses the
 * DynamoDB Local of a running `npm start`, or starts one on `.data/` for the run.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { toDocumentClient } from '#shared/store/document-client.ts';
import {
  type DynamoDbLocal,
  LocalRuntimeError,
  runningEndpoint,
  startDynamoDbLocal,
} from './dynamodb-local.ts';
import { defaultDataDir } from './paths.ts';
import { localTableName } from './runtime.ts';
import { type SeedReport, seedItemCount, seedReferenceData } from './seed/seed.ts';
import { ensureTable } from './table.ts';

const usage = `Usage: npm run seed [-- --endpoint <url>] [--table <name>]
  --endpoint  a DynamoDB Local to seed (default: the one of a running \`npm start\`,
              or one started on .data/ for the run)
  --table     the table (default ${localTableName}); created if absent`;

export interface SeedTableReport extends SeedReport {
  table: 'created' | 'existed';
}

/**
 * Seeds one table of a DynamoDB Local, creating the table first if it is absent: the same
 * steps `npm start` takes, through the same use cases, so the data is the same.
 */
export async function seedLocalTable(options: {
  endpoint: string;
  tableName?: string;
  log?: (line: string) => void;
}): Promise<SeedTableReport> {
  const tableName = options.tableName ?? localTableName;
  const log = options.log ?? (() => undefined);
  // DynamoDB Local accepts any credentials; fixed ones keep a developer's AWS profile out of it.
  const client = new DynamoDBClient({
    endpoint: options.endpoint,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const table = await ensureTable(client, tableName);
    log(
      `${table === 'created' ? 'Created' : 'Using'} table ${tableName} at ${options.endpoint}; ` +
        `seeding ${seedItemCount} reference items…`,
    );
    const report = await seedReferenceData(toDocumentClient(client), tableName);
    log(`Seed: ${report.created} items written, ${report.existing} already present.`);
    return { ...report, table };
  } finally {
    client.destroy();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      endpoint: { type: 'string' },
      table: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  if (values.endpoint !== undefined && !URL.canParse(values.endpoint)) {
    console.error(`--endpoint must be a URL, not "${values.endpoint}".\n${usage}`);
    process.exit(2);
  }
  if (values.table !== undefined && !/^[A-Za-z0-9_.-]{3,255}$/.test(values.table)) {
    console.error(`--table must be a DynamoDB table name, not "${values.table}".\n${usage}`);
    process.exit(2);
  }
  let started: DynamoDbLocal | undefined;
  let endpoint = values.endpoint ?? (await runningEndpoint(join(defaultDataDir, 'dynamodb')));
  if (!endpoint) {
    console.log('No running `npm start` found: starting DynamoDB Local on .data/ for the seed…');
    started = await startDynamoDbLocal({ dataDir: join(defaultDataDir, 'dynamodb') });
    endpoint = started.endpoint;
  }
  try {
    await seedLocalTable({
      endpoint,
      tableName: values.table,
      log: (line) => console.log(line),
    });
  } finally {
    await started?.stop();
  }
}

// Run as a command, not when a test imports seedLocalTable.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof LocalRuntimeError ? `✖ ${error.message}` : error);
    process.exit(1);
  });
}
