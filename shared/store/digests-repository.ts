import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DigestStore } from '../domain/digests/run.ts';
import type { Digest, DigestKind } from '../schemas/digests.ts';
import { isConditionFailure } from './errors.ts';
import { entity, keys, stripKeys } from './keys.ts';
import { putIfAbsent } from './put-if-absent.ts';
import { queryItems } from './query.ts';

export function createDigestsRepository(doc: DynamoDBDocumentClient, tableName: string) {
  const keyOf = (d: Pick<Digest, 'kind' | 'period' | 'recipient'>) =>
    keys.digest(d.kind, d.period, d.recipient.key);
  const queryAll = (input: Parameters<typeof queryItems>[1]) => queryItems<Digest>(doc, input);

  const store: DigestStore & {
    get(kind: DigestKind, period: string, recipientKey: string): Promise<Digest | undefined>;
    listByDate(date: string, kind?: DigestKind): Promise<Digest[]>;
  } = {
    putIfAbsent: (digest) =>
      putIfAbsent(doc, tableName, {
        ...keyOf(digest),
        entity: entity.digest,
        GSI2PK: keys.digestsOfDay(digest.period),
        GSI2SK: `${digest.kind}#${digest.recipient.key}`,
        ...digest,
      }),

    listPeriod: (kind, period) =>
      queryAll({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.digestPeriod(kind, period) },
        ConsistentRead: true,
      }),

    async claim(digest, now, leaseUntil) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(digest),
            UpdateExpression:
              'SET delivery.#status = :sending, delivery.leaseUntil = :lease, delivery.attempts = delivery.attempts + :one',
            // Free to take: never sent, failed before, or held by a run whose lease ran out.
            ConditionExpression:
              'delivery.#status IN (:pending, :failed) OR (delivery.#status = :sending AND delivery.leaseUntil < :now)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':sending': 'sending',
              ':pending': 'pending',
              ':failed': 'failed',
              ':lease': leaseUntil,
              ':now': now,
              ':one': 1,
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async markSent(digest, now) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(digest),
          UpdateExpression:
            'SET delivery.#status = :sent, delivery.sentAt = :now REMOVE delivery.leaseUntil, delivery.lastError',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':now': now },
        }),
      );
    },

    async markFailed(digest, error) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(digest),
          UpdateExpression:
            'SET delivery.#status = :failed, delivery.lastError = :error REMOVE delivery.leaseUntil',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'failed', ':error': error },
        }),
      );
    },

    async get(kind, period, recipientKey) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.digest(kind, period, recipientKey) }),
      );
      return Item ? stripKeys<Digest>(Item) : undefined;
    },

    listByDate: (date, kind) =>
      queryAll({
        TableName: tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: kind
          ? 'GSI2PK = :pk AND begins_with(GSI2SK, :kind)'
          : 'GSI2PK = :pk',
        ExpressionAttributeValues: {
          ':pk': keys.digestsOfDay(date),
          ...(kind ? { ':kind': `${kind}#` } : {}),
        },
      }),
  };
  return store;
}
