import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AlreadyExistsError, BusyError, IdempotencyKeyReuseError } from '../domain/errors.ts';
import type { OwnedClaim } from '../domain/idempotency.ts';
import { entity, idempotencyKey, type ReadItem } from './item.ts';
import { getItem } from './reads.ts';
import { withRetry } from './retry.ts';
import {
  cancellationCodes,
  isTransactionConflict,
  transact,
  type WriteItem,
} from './transactions.ts';

export type { OwnedClaim, WriteItem };

/** Idempotency records live a day, as the API promises. */
const ttlSeconds = 24 * 3600;

function epochSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/**
 * Idempotency for creates, written in the same transaction as what is created: either
 * the item and its key record are both written or neither is, so no retry, however
 * timed, makes a second item. (A separate in-progress record, as generic idempotency
 * libraries keep, would leave a window where a crash strands the key.) The first
 * response is read back through `read`, the created entity's own parse.
 */
export function createIdempotency<T>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  scope: string,
  read: ReadItem<T>,
) {
  // Scoped to the caller and to what the request was sent to (route and path parameters).
  const keyOf = (claim: OwnedClaim) =>
    idempotencyKey(claim.owner, scope, `${claim.target}#${claim.key}`);
  const self = {
    /** The Put that claims the key, to add to the creating transaction. */
    claimPut(claim: OwnedClaim, response: T, nowIso: string): WriteItem {
      return {
        Put: {
          TableName: tableName,
          Item: {
            ...keyOf(claim),
            entity: entity.idempotency,
            fingerprint: claim.fingerprint,
            response,
            expiresAt: epochSeconds(nowIso) + ttlSeconds,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': epochSeconds(nowIso) },
        },
      };
    },

    /** The first result for this key, if any; 422 if the key came with another request. */
    async findReplay(claim: OwnedClaim): Promise<T | undefined> {
      const record = await getItem(doc, tableName, keyOf(claim), (item) => item);
      if (!record || (record.expiresAt as number) * 1000 < Date.now()) return undefined;
      if (record.fingerprint !== claim.fingerprint) {
        throw new IdempotencyKeyReuseError(
          'This Idempotency-Key was used with another request in the last 24 hours; use a new key.',
        );
      }
      return read(record.response as Record<string, unknown>);
    },

    /**
     * Runs the creating transaction, with the key's claim when there is one. If the key
     * was taken meanwhile (a retry racing the first request), answers with the first
     * result instead. A transaction conflict is tried again a few times with jitter and
     * then answered 503; a condition that fails otherwise means an item exists already:
     * 409. Never a 500, and in every refusal nothing was written.
     */
    async createOnce(
      items: WriteItem[],
      claim: OwnedClaim | undefined,
      created: T,
      nowIso: string,
    ): Promise<{ value: T; replayed: boolean }> {
      const all = claim ? [...items, self.claimPut(claim, created, nowIso)] : items;
      return withRetry(
        async () => {
          try {
            await transact(doc, all);
            return { value: created, replayed: false };
          } catch (error) {
            const codes = cancellationCodes(error);
            if (!codes) throw error;
            if (claim) {
              const replay = await self.findReplay(claim);
              if (replay) return { value: replay, replayed: true };
            }
            if (codes.includes('TransactionConflict')) throw error;
            // Not a replay: an item of this create exists already. Nothing was written.
            if (codes.includes('ConditionalCheckFailed')) {
              throw new AlreadyExistsError(
                'An item this request creates exists already; nothing was written.',
              );
            }
            throw error;
          }
        },
        isTransactionConflict,
        () => new BusyError('Others are writing the same items at this moment; try again shortly.'),
      );
    },
  };
  return self;
}
