/**
 * The single table, defined once. The CDK data stack and the local CreateTable both
 * read this, so the deployed table and DynamoDB Local have the same keys and indexes.
 * Kept free of SDK and CDK imports so both sides can use it.
 */

export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
  /** What the index serves, in domain words. */
  serves: string;
}

export const table = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Idempotency records and other short-lived items expire through this attribute. */
  timeToLiveAttribute: 'expiresAt',
  indexes: [
    {
      indexName: 'GSI1',
      partitionKey: 'GSI1PK',
      sortKey: 'GSI1SK',
      serves: 'items of one unit or assignee, by status and time',
    },
    {
      indexName: 'GSI2',
      partitionKey: 'GSI2PK',
      sortKey: 'GSI2SK',
      serves: 'city-wide lists by kind, status and category; visits and reports by date',
    },
    {
      indexName: 'GSI3',
      partitionKey: 'GSI3PK',
      sortKey: 'GSI3SK',
      serves: 'sparse: open tasks by due date (closed tasks drop the keys)',
    },
  ],
} as const satisfies {
  partitionKey: string;
  sortKey: string;
  timeToLiveAttribute: string;
  indexes: readonly IndexDefinition[];
};

export type IndexName = (typeof table.indexes)[number]['indexName'];

/** Every key attribute is a string. */
export function keyAttributeNames(): string[] {
  return [
    table.partitionKey,
    table.sortKey,
    ...table.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
}
