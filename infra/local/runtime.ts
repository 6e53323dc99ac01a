/**
 * The whole product on one machine: DynamoDB Local, the table, the seed, and the local
 * server: the API over the real handlers and the web app beside it. `npm start` and the
 * integration tests both start it here.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { toDocumentClient } from '#shared/store/document-client.ts';
import { type LocalKeys, loadOrCreateCursorKey, loadOrCreateKeys } from './auth.ts';
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from './dynamodb-local.ts';
import { useLocalConfiguration } from './environment.ts';
import { loadOrCreateS3Secret, localS3Credentials, s3Prefix } from './s3-endpoint.ts';
import { type SeedReport, seedReferenceData } from './seed/seed.ts';
import { type LocalApi, startLocalApi } from './server.ts';
import { ensureTable } from './table.ts';

export const localTableName = 'thaogo-local';
/** The bucket of attachments the local S3 endpoint serves. */
export const localUploadBucket = 'thaogo-local-uploads';

export interface LocalRuntimeOptions {
  dataDir: string;
  /** Port of the local server; a free one when 0. */
  port: number;
  /** The built app to serve; the repository's `web/dist` when absent. */
  distDir?: string;
  /** Keep DynamoDB data in memory (tests) instead of under `<dataDir>/dynamodb`. */
  inMemory?: boolean;
  /** Port of DynamoDB Local; a free one when absent. */
  dynamoPort?: number;
  /** Wipe `dataDir` first. */
  fresh?: boolean;
  log?: (line: string) => void;
}

export interface LocalRuntime {
  api: LocalApi;
  dynamo: DynamoDbLocal;
  keys: LocalKeys;
  tableName: string;
  seed: SeedReport;
  stop(): Promise<void>;
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? (() => undefined);
  if (options.fresh) rmSync(options.dataDir, { recursive: true, force: true });

  log('Starting DynamoDB Local…');
  const dynamo = await startDynamoDbLocal({
    dataDir: options.inMemory ? undefined : join(options.dataDir, 'dynamodb'),
    port: options.dynamoPort,
  });
  try {
    // Chosen before the handlers load: the links in mail lead to this very server.
    const port = options.port || (await freePort());
    const s3Credentials = localS3Credentials(loadOrCreateS3Secret(options.dataDir));
    useLocalConfiguration({
      tableName: localTableName,
      endpoint: dynamo.endpoint,
      cursorKey: loadOrCreateCursorKey(options.dataDir),
      outboxDir: join(options.dataDir, 'outbox'),
      baseUrl: `http://localhost:${port}`,
      uploads: {
        bucket: localUploadBucket,
        endpoint: `http://localhost:${port}${s3Prefix}`,
        ...s3Credentials,
      },
    });

    const client = new DynamoDBClient({ endpoint: dynamo.endpoint });
    const table = await ensureTable(client, localTableName);
    log(
      table === 'created' ? `Created table ${localTableName}.` : `Using table ${localTableName}.`,
    );
    const seed = await seedReferenceData(toDocumentClient(client), localTableName);
    log(`Seed: ${seed.created} items written, ${seed.existing} already present.`);
    client.destroy();

    const keys = await loadOrCreateKeys(options.dataDir);
    const api = await startLocalApi({
      keys,
      port,
      distDir: options.distDir,
      log: options.log,
      s3: {
        dataDir: options.dataDir,
        bucket: localUploadBucket,
        region: process.env.AWS_REGION ?? 'ap-southeast-1',
        credentials: s3Credentials,
      },
    });
    return {
      api,
      dynamo,
      keys,
      tableName: localTableName,
      seed,
      stop: async () => {
        await api.close();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}
