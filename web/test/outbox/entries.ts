import type { OutboxEntry } from '../../src/lib/outbox/types.ts';

/** An entry as the outbox keeps it, queued and due: a report of an obstacle unless told. */
export function entry(id: string, over: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id,
    kind: 'obstacle',
    path: `/obstacles`,
    method: 'POST',
    body: { title: id },
    idempotencyKey: `key-${id}`,
    state: 'queued',
    attempts: 0,
    nextAttemptAt: 0,
    createdAt: 0,
    label: id,
    ...over,
  };
}
