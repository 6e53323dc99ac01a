import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect, inject } from 'vitest';
import { toDocumentClient } from '#shared/store/document-client.ts';
import { createDirectoryRepository } from '#shared/store/entities/directory.ts';
import { call } from './helpers.ts';

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

export function post(
  path: string,
  token: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return call(path, {
    token,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export async function assign(token: string, overrides: Record<string, unknown> = {}) {
  const result = await post('/tasks', token, taskBody(overrides));
  expect(result.status, JSON.stringify(result.json)).toBe(201);
  return result.json as {
    id: string;
    version: number;
    status: string;
    originalDue: string;
    currentDue: string;
    assignedOn: string;
  };
}

export const act = (
  token: string,
  id: string,
  etag: string | undefined,
  body: Record<string, unknown>,
) => post(`/tasks/${id}/transitions`, token, body, etag === undefined ? {} : { 'if-match': etag });
