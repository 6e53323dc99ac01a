/**
 * The digest entity: one item per kind, period and recipient, with its delivery state;
 * its keys, reads and writes (docs/architecture.md#digests-and-the-escalation-ladder).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DigestStore } from '../../domain/digests/run.ts';
import { Digest, type DigestKind } from '../../schemas/digests.ts';
import { isConditionFailure, sent } from '../errors.ts';
import { entity, type ItemKey, itemReader, type TableArgs } from '../item.ts';
import { putIfAbsent } from '../put-if-absent.ts';
import { getItem, type QueryInput, queryAll } from '../reads.ts';

export const digestKeys = {
  /** One digest per kind, period and recipient: the key that makes a rerun send nothing new. */
  digest: (kind: string, period: string, recipientKey: string): ItemKey => ({
    PK: `DIGEST#${kind}#${period}`,
    SK: `RCPT#${recipientKey}`,
  }),
  digestPeriod: (kind: string, period: string) => `DIGEST#${kind}#${period}`,
  digestsOfDay: (date: string) => `DIGESTS#D=${date}`,
} as const;

export type DigestRepository = DigestStore & {
  get(kind: DigestKind, period: string, recipientKey: string): Promise<Digest | undefined>;
  listByDate(date: string, kind?: DigestKind): Promise<Digest[]>;
};

export function createDigestsRepository(...[doc, tableName, log]: TableArgs): DigestRepository {
  const read = itemReader(Digest, entity.digest, log);
  const keyOf = (d: Pick<Digest, 'kind' | 'period' | 'recipient'>) =>
    digestKeys.digest(d.kind, d.period, d.recipient.key);
  const queryDigests = (input: QueryInput) => queryAll(doc, input, read);
  /** Sets the delivery state; `condition`, when given, must hold for it to change. */
  const setDelivery = (
    digest: Digest,
    expression: string,
    values: Record<string, unknown>,
    condition?: string,
  ) =>
    sent(
      doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(digest),
          UpdateExpression: expression,
          ...(condition ? { ConditionExpression: condition } : {}),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
        }),
      ),
    );

  return {
    putIfAbsent: (digest) =>
      putIfAbsent(doc, tableName, {
        ...keyOf(digest),
        entity: entity.digest,
        GSI2PK: digestKeys.digestsOfDay(digest.period),
        GSI2SK: `${digest.kind}#${digest.recipient.key}`,
        ...digest,
      }),

    listPeriod: (kind, period) =>
      queryDigests({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': digestKeys.digestPeriod(kind, period) },
        ConsistentRead: true,
      }),

    async claim(digest, now, leaseUntil) {
      try {
        await setDelivery(
          digest,
          'SET delivery.#status = :sending, delivery.leaseUntil = :lease, delivery.attempts = delivery.attempts + :one',
          {
            ':sending': 'sending',
            ':pending': 'pending',
            ':failed': 'failed',
            ':lease': leaseUntil,
            ':now': now,
            ':one': 1,
          },
          // Free to take: never sent, failed before, or held by a run whose lease ran out.
          'delivery.#status IN (:pending, :failed) OR (delivery.#status = :sending AND delivery.leaseUntil < :now)',
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async markSent(digest, now) {
      await setDelivery(
        digest,
        'SET delivery.#status = :sent, delivery.sentAt = :now REMOVE delivery.leaseUntil, delivery.lastError',
        { ':sent': 'sent', ':now': now },
      );
    },

    async markFailed(digest, error) {
      await setDelivery(
        digest,
        'SET delivery.#status = :failed, delivery.lastError = :error REMOVE delivery.leaseUntil',
        { ':failed': 'failed', ':error': error },
      );
    },

    get: (kind, period, recipientKey) =>
      getItem(doc, tableName, digestKeys.digest(kind, period, recipientKey), read, false),

    listByDate: (date, kind) =>
      queryDigests({
        TableName: tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: kind
          ? 'GSI2PK = :pk AND begins_with(GSI2SK, :kind)'
          : 'GSI2PK = :pk',
        ExpressionAttributeValues: {
          ':pk': digestKeys.digestsOfDay(date),
          ...(kind ? { ':kind': `${kind}#` } : {}),
        },
      }),
  };
}
