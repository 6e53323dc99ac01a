/** The app's one IndexedDB database: the outbox and the last answer of each read. */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { OutboxEntry, OutboxStore } from './types.ts';

export interface CachedRead {
  /** The path and query of the GET. */
  key: string;
  data: unknown;
  etag?: string;
  /** Epoch ms of the answer. */
  fetchedAt: number;
}

interface Schema extends DBSchema {
  outbox: { key: string; value: OutboxEntry };
  reads: { key: string; value: CachedRead };
}

let opened: Promise<IDBPDatabase<Schema>> | undefined;

/** The database, or a rejection where IndexedDB is missing (a private window, a test). */
export function database(): Promise<IDBPDatabase<Schema>> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('no IndexedDB'));
  opened ??= openDB<Schema>('thaogo', 1, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'id' });
      db.createObjectStore('reads', { keyPath: 'key' });
    },
  });
  return opened;
}

export function idbStore(): OutboxStore {
  return {
    all: async () => (await database()).getAll('outbox'),
    get: async (id) => (await database()).get('outbox', id),
    put: async (entry) => {
      await (await database()).put('outbox', entry);
    },
    delete: async (id) => {
      await (await database()).delete('outbox', id);
    },
  };
}
