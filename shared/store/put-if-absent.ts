import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, sent } from './errors.ts';
import type { ItemKey } from './item.ts';

/** Creates an item only if its key is free: the seed and every create rely on it. */
export async function putIfAbsent(
  doc: DynamoDBDocumentClient,
  tableName: string,
  item: ItemKey & Record<string, unknown>,
): Promise<'created' | 'exists'> {
  try {
    await sent(
      doc.send(
        new PutCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
    return 'created';
  } catch (error) {
    if (isConditionFailure(error)) return 'exists';
    throw error;
  }
}
