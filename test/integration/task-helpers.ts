import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { toDocumentClient } from '#shared/store/document-client.ts';
import { createDirectoryRepository } from '#shared/store/entities/directory.ts';
import { type Created, createdBody, ifMatch, post } from './helpers.ts';

/** An office of its own for a test file, so its lists hold only what the file made. */
export async function testOrg(label: string, readsAll = false) {
  const id = `it-${label}-${randomUUID().slice(0, 6)}`;
  const directory = createDirectoryRepository(
    toDocumentClient(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') })),
    inject('tableName'),
  );
  await directory.putOrgIfAbsent({
    id,
    name: `Phòng thử nghiệm ${label}`,
    kind: 'department',
    head: { title: 'Trưởng phòng', email: `${id}@haiphong.example` },
    readsAll,
  });
  return id;
}

export function taskBody(overrides: Record<string, unknown> = {}) {
  return {
    title: `Rà soát kiến nghị ${randomUUID().slice(0, 8)}`,
    description: 'Tổng hợp và báo cáo thành phố.',
    assignees: [{ kind: 'org', id: 'so-xay-dung' }],
    dueInWorkingDays: 10,
    ...overrides,
  };
}

interface Assigned extends Created {
  originalDue: string;
  currentDue: string;
  assignedOn: string;
}

export async function assign(token: string, overrides: Record<string, unknown> = {}) {
  return createdBody<Assigned>(await post('/tasks', token, taskBody(overrides)));
}

export const act = (
  token: string,
  id: string,
  etag: string | undefined,
  body: Record<string, unknown>,
) => post(`/tasks/${id}/transitions`, token, body, ifMatch(etag));
