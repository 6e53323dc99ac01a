/**
 * The last answer of each read a screen made (IndexedDB, by path and query, with when it
 * came), so with no network a screen still shows what it showed last, saying from when.
 * Only GETs through `useResource`; cleared at sign-out.
 */
import { useEffect, useState } from 'preact/hooks';
import { type CachedRead, database } from './outbox/db.ts';

export type { CachedRead } from './outbox/db.ts';

export function readKey(path: string, query?: Record<string, unknown>): string {
  const params = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined && v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return params.length ? `${path}?${params.join('&')}` : path;
}

export async function remember(key: string, data: unknown, etag?: string): Promise<void> {
  try {
    await (await database()).put('reads', { key, data, etag, fetchedAt: Date.now() });
  } catch {
    // No IndexedDB, or full: the screen works as before, only not offline.
  }
}

export async function recall(key: string): Promise<CachedRead | undefined> {
  try {
    return await (await database()).get('reads', key);
  } catch {
    return undefined;
  }
}

export async function forgetReads(): Promise<void> {
  try {
    await (await database()).clear('reads');
  } catch {
    // nothing kept
  }
}

// The screens on show that read from the cache, and from when: one banner says it.
const shown = new Map<symbol, number>();
const listeners = new Set<() => void>();

/** A resource on show answered from the cache (its time), or no longer (undefined). */
export function showingCached(owner: symbol, fetchedAt: number | undefined): void {
  if (fetchedAt === undefined ? !shown.delete(owner) : shown.get(owner) === fetchedAt) return;
  if (fetchedAt !== undefined) shown.set(owner, fetchedAt);
  for (const listener of listeners) listener();
}

/** The oldest cached answer on show, if any. */
export function useOfflineSince(): number | undefined {
  const oldest = () => (shown.size ? Math.min(...shown.values()) : undefined);
  const [since, setSince] = useState(oldest);
  useEffect(() => {
    const listener = () => setSince(oldest());
    listeners.add(listener);
    listener();
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return since;
}
