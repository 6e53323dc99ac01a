/**
 * Section 5: the local API under a loopback load generator (autocannon), GET and POST
 * /obstacles, beside the same Query sent straight to DynamoDB Local at the same concurrency.
 */
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { toDocumentClient } from '#shared/store/document-client.ts';
import { keys } from '#shared/store/keys.ts';
import { type Figure, median, ms, ratio } from './report.ts';

interface Server {
  url: string;
  endpoint: string;
  tableName: string;
  delegation: string;
  commune: string;
}

const connections = 10;

async function cannon(options: autocannon.Options) {
  const result = await autocannon({ connections, ...options });
  if (result.errors || result.non2xx) {
    throw new Error(
      `${options.method ?? 'GET'} ${options.url}: ${result.errors} errors, ${result.non2xx} non-2xx answers`,
    );
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/** The list endpoint's own Query (newest 20 of the city), `connections` at a time. */
async function direct(server: Server, seconds: number) {
  const doc = toDocumentClient(
    new DynamoDBClient({
      endpoint: server.endpoint,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    }),
  );
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < until) {
      const started = performance.now();
      await doc.send(
        new QueryCommand({
          TableName: server.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.obstacleListingPartition() },
          ScanIndexForward: false,
          Limit: 21,
        }),
      );
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    rps: latencies.length / seconds,
    p50: median(sorted),
    p99: sorted[Math.floor(sorted.length * 0.99)] as number,
  };
}

export async function benchLoad(
  seconds: number,
  progress: (line: string) => void,
): Promise<Figure[]> {
  const child = fork(resolve(import.meta.dirname, 'api-job.ts'), [], {
    execArgv: ['--import', 'tsx', '--no-warnings'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const server = await new Promise<Server>((done, fail) => {
    child.once('message', (m) => done(m as Server));
    child.once('exit', (code) => fail(new Error(`the local API ended with code ${code}`)));
  });
  try {
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    progress(`load: warming up…`);
    await cannon({ url: `${server.url}/obstacles`, headers: auth(server.delegation), duration: 2 });
    await direct(server, 2);
    progress(
      `load: GET /obstacles for ${seconds} s, the same Query straight to DynamoDB Local for ${seconds} s…`,
    );
    const get = await cannon({
      url: `${server.url}/obstacles`,
      headers: auth(server.delegation),
      duration: seconds,
    });
    const query = await direct(server, seconds);
    progress(`load: POST /obstacles for ${seconds} s…`);
    let n = 0;
    const post = await cannon({
      url: `${server.url}/obstacles`,
      method: 'POST',
      duration: seconds,
      headers: { ...auth(server.commune), 'content-type': 'application/json' },
      setupClient: (client) => {
        client.setBody(
          JSON.stringify({
            category: 'equipment',
            title: `Thiếu thiết bị số ${++n}`,
            description: 'Bộ phận một cửa cần thêm máy quét để số hóa hồ sơ.',
            severity: 'medium',
          }),
        );
      },
    });
    const line = (r: { rps: number; p50: number; p99: number }) =>
      `${r.rps.toFixed(0)} req/s, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}`;
    return [
      {
        section: 'load',
        name: `direct DynamoDB Local Query, newest 20 (${line(query)})`,
        measured: `${query.rps.toFixed(0)} req/s`,
        value: query.rps,
        detail: query,
      },
      {
        section: 'load',
        name: `GET /obstacles through the local API (${line(get)}); throughput ÷ direct Query`,
        measured: ratio(get.rps / query.rps),
        value: get.rps / query.rps,
        detail: { ...get, directRps: query.rps },
      },
      {
        section: 'load',
        name: `POST /obstacles through the local API (${line(post)}); throughput ÷ direct Query`,
        measured: ratio(post.rps / query.rps),
        value: post.rps / query.rps,
        detail: { ...post, directRps: query.rps },
      },
    ];
  } finally {
    child.send('stop');
    await new Promise((done) => child.once('exit', done));
  }
}
