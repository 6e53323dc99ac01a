import type { OutboxEntry, OutboxStore } from './types.ts';

/** The outbox in memory: the tests' store, and the fallback where IndexedDB is missing. */
export function memoryStore(initial: OutboxEntry[] = []): OutboxStore & {
  entries: Map<string, OutboxEntry>;
} {
  const entries = new Map(initial.map((e) => [e.id, structuredClone(e)]));
  return {
    entries,
    all: async () => [...entries.values()].map((e) => structuredClone(e)),
    get: async (id) => {
      const entry = entries.get(id);
      return entry && structuredClone(entry);
    },
    put: async (entry) => {
      entries.set(entry.id, structuredClone(entry));
    },
    delete: async (id) => {
      entries.delete(id);
    },
  };
}
