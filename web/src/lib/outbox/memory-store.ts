import type { OutboxEntry, OutboxStore } from './types.ts';

/**
 * A copy of an entry, as IndexedDB would give it back. A file's blob is shared, not cloned:
 * a blob cannot change, and not every runtime clones one (a test DOM's Blob is a plain class).
 */
function copy(entry: OutboxEntry): OutboxEntry {
  if (!entry.upload) return structuredClone(entry);
  const { blob, ...upload } = entry.upload;
  const clone = structuredClone({ ...entry, upload });
  return { ...clone, upload: { ...clone.upload, blob } };
}

/** The outbox in memory: the tests' store, and the fallback where IndexedDB is missing. */
export function memoryStore(initial: OutboxEntry[] = []): OutboxStore & {
  entries: Map<string, OutboxEntry>;
} {
  const entries = new Map(initial.map((e) => [e.id, copy(e)]));
  return {
    entries,
    all: async () => [...entries.values()].map(copy),
    get: async (id) => {
      const entry = entries.get(id);
      return entry && copy(entry);
    },
    put: async (entry) => {
      entries.set(entry.id, copy(entry));
    },
    delete: async (id) => {
      entries.delete(id);
    },
  };
}
