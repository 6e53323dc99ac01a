import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  DeleteTableCommand,
  DynamoDBClient,
  ScanCommand,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '#infra/local/paths.ts';
import { units } from '#infra/local/seed/reference-case.ts';
import { seedObstacles } from '#infra/local/seed/reference-obstacles.ts';
import { seedTasks } from '#infra/local/seed/reference-tasks.ts';
import { seedItemCount } from '#infra/local/seed/seed.ts';
import { seedLocalTable } from '#infra/local/seed-command.ts';
import { toDocumentClient } from '#shared/store/document-client.ts';
import { keys } from '#shared/store/keys.ts';

const run = promisify(execFile);
const endpoint = inject('dynamoEndpoint');
// A table of its own on the run's DynamoDB Local: the API's table is seeded already.
const tableName = `thaogo-seed-${process.pid}-${Date.now()}`;
const client = new DynamoDBClient({
  endpoint,
  region: 'ap-southeast-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const doc = toDocumentClient(client);

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  await waitUntilTableNotExists({ client, maxWaitTime: 30 }, { TableName: tableName }).catch(
    () => undefined,
  );
  client.destroy();
});

describe('npm run seed', () => {
  it('R1: creates the table and writes the reference data, printing its progress', async () => {
    const { stdout } = await run(
      'npm',
      ['run', '-s', 'seed', '--', '--endpoint', endpoint, '--table', tableName],
      { cwd: repoRoot, env: { ...process.env, NODE_NO_WARNINGS: '1' }, timeout: 60_000 },
    );
    expect(stdout).toContain(`Created table ${tableName} at ${endpoint}`);
    expect(stdout).toContain(`Seed: ${seedItemCount} items written, 0 already present.`);

    for (const unit of units) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.unit(unit.id) }),
      );
      expect(Item?.name).toBe(unit.name);
    }
    for (const { id } of seedObstacles) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.obstacle(id) }),
      );
      expect(Item?.id).toBe(id);
    }
    for (const { id } of seedTasks) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.task(id) }));
      expect(Item?.id).toBe(id);
    }
    // Listings and history events come with their items, as through the API.
    const { Count } = await client.send(new ScanCommand({ TableName: tableName, Select: 'COUNT' }));
    expect(Count).toBeGreaterThan(seedItemCount);
  }, 90_000);

  it('R1: a second seed writes nothing and leaves what users changed as it is', async () => {
    const obstacle = seedObstacles[0];
    if (!obstacle) throw new Error('the reference case has no obstacle');
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.obstacle(obstacle.id),
        UpdateExpression: 'SET title = :title',
        ExpressionAttributeValues: { ':title': 'Đổi bởi người dùng' },
      }),
    );
    const before = await client.send(new ScanCommand({ TableName: tableName, Select: 'COUNT' }));
    const lines: string[] = [];
    const report = await seedLocalTable({ endpoint, tableName, log: (line) => lines.push(line) });
    expect(report).toEqual({ table: 'existed', created: 0, existing: seedItemCount });
    expect(lines.at(-1)).toBe(`Seed: 0 items written, ${seedItemCount} already present.`);
    const after = await client.send(new ScanCommand({ TableName: tableName, Select: 'COUNT' }));
    expect(after.Count).toBe(before.Count);
    const { Item } = await doc.send(
      new GetCommand({ TableName: tableName, Key: keys.obstacle(obstacle.id) }),
    );
    expect(Item?.title).toBe('Đổi bởi người dùng');
  });
});
