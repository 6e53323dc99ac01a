import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from './keys.ts';

/** Every item a Query finds, page after page, as domain records. */
export async function queryItems<T>(
  doc: DynamoDBDocumentClient,
  input: Parameters<typeof paginateQuery>[1],
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of paginateQuery({ client: doc }, input)) {
    for (const item of page.Items ?? []) out.push(stripKeys<T>(item));
  }
  return out;
}
