import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as exportObstacles } from '#functions/obstacles/export.ts';
import { handler as exportTasks } from '#functions/tasks/export.ts';
import { httpEvent, lambdaContext } from '#infra/local/lambda-events.ts';

const dynamo = mockClient(DynamoDBDocumentClient);

describe('L6: an export is named for the day in Viet Nam', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(QueryCommand).resolves({ Items: [] });
    vi.useFakeTimers({ toFake: ['Date'] });
    // 01:30 on 5 July in Hải Phòng, still the 4th in UTC.
    vi.setSystemTime(new Date('2025-07-04T18:30:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it.each([
    ['GET /obstacles/export.csv', exportObstacles, 'vuong-mac-2025-07-05.csv'],
    ['GET /tasks/export.csv', exportTasks, 'nhiem-vu-2025-07-05.csv'],
  ] as const)('L6: %s is dated 5 July at 01:30 Viet Nam time', async (routeKey, handler, file) => {
    const response = await handler(httpEvent({ routeKey }), lambdaContext);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers?.['Content-Disposition']).toBe(`attachment; filename="${file}"`);
    expect(response.headers?.['X-Row-Count']).toBe('0');
    expect(response.body?.startsWith('\uFEFF"Mã"')).toBe(true);
  });
});
