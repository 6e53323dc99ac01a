/**
 * Section 2, in its own process: the warm cost of the middleware stack (logger, security
 * headers, problem errors, roles, JSON body, zod validation) over a bare handler doing the
 * same GetItem, both with DynamoDB mocked; then one real GetItem on DynamoDB Local.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { httpEvent, lambdaContext } from '#infra/local/lambda-events.ts';
import { toDocumentClient } from '#shared/store/document-client.ts';
import { keys, stripKeys } from '#shared/store/keys.ts';
import { sampleObstacle } from './fixtures/records.ts';
import { median } from './report.ts';

const tableName = process.env.TABLE_NAME as string;
const id = '01JZ73M2W00000000000000001';
const stored = {
  ...keys.obstacle(id),
  entity: 'Obstacle',
  ...sampleObstacle({
    id,
    title: 'Thiếu công chức chuyên môn',
    description: 'Xã mới thiếu công chức địa chính và tư pháp.',
    reportedBy: { sub: 'bench', name: 'bench', role: 'commune' },
  }),
};
const event = httpEvent({
  routeKey: 'GET /obstacles/{id}',
  pathParameters: { id },
  headers: { accept: 'application/json' },
  claims: {
    sub: 'bench',
    'cognito:groups': '[delegation]',
    'custom:leaderId': 'le-tien-chau',
    name: 'Đoàn công tác',
  },
});

type Handler = (e: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<unknown>;

/** Microseconds per call, median of rounds, the two handlers alternating round by round. */
async function perCall(handlers: Record<string, Handler>, rounds: number, calls: number) {
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(handlers).map((k) => [k, []]),
  );
  for (let round = 0; round < rounds; round++) {
    for (const [name, handler] of Object.entries(handlers)) {
      const started = performance.now();
      for (let i = 0; i < calls; i++) await handler(event);
      samples[name]?.push(((performance.now() - started) * 1000) / calls);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

const dynamo = mockClient(DynamoDBDocumentClient);
dynamo.on(GetCommand).resolves({ Item: stored });
// The caller directory's one read per container (its ids of units, offices and leaders).
dynamo.on(QueryCommand).resolves({ Items: [{ id: 'le-tien-chau' }] });
const { handler: stack } = await import('#functions/obstacles/get.ts');
const { documentClient } = await import('#shared/store/client.ts');
const bare: Handler = async () => {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: keys.obstacle(id) }),
  );
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', etag: `"${Item?.version}"` },
    body: JSON.stringify(stripKeys(Item ?? {})),
  };
};
const full: Handler = (e) => stack(e, lambdaContext);
const check = (await full(event)) as { statusCode: number };
if (check.statusCode !== 200) throw new Error(`the stack answered ${check.statusCode}`);
await perCall({ stack: full, bare }, 2, 500);
const warm = await perCall({ stack: full, bare }, 15, 1000);
dynamo.restore();

// One GetItem on DynamoDB Local, over loopback, with its own client.
const local = toDocumentClient(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }));
await local.send(new PutCommand({ TableName: tableName, Item: stored }));
const get: Handler = async () =>
  local.send(new GetCommand({ TableName: tableName, Key: keys.obstacle(id) }));
await perCall({ get }, 1, 200);
const real = await perCall({ get }, 5, 300);

process.send?.({ stackUs: warm.stack, bareUs: warm.bare, getItemUs: real.get });
