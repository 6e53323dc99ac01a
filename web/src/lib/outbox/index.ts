/**
 * The outbox of the page: every create goes through it. `submit` saves the change first,
 * then sends it at once when online and tells the screen what the server said; with no
 * answer it stays on the phone and is sent on start, when the network returns, when the
 * app comes back to the front, and every 30 s.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, newIdempotencyKey } from '../api.ts';
import { idbStore } from './db.ts';
import { drainOnce, nextWake, recover } from './drain.ts';
import { memoryStore } from './memory-store.ts';
import { apiSend, bucketFiles } from './send.ts';
import { isPending, type NewEntry, type OutboxEntry, type OutboxStore } from './types.ts';

export type { NewEntry, OutboxEntry } from './types.ts';

const timerMs = 30_000;
/** A sent entry is kept a day for the screens, then dropped. */
const keepSentMs = 24 * 3600_000;

type Listener = (entries: OutboxEntry[]) => void;

async function usableStore(): Promise<OutboxStore> {
  const store = idbStore();
  try {
    await store.all();
    return store;
  } catch {
    return memoryStore();
  }
}

class Outbox {
  entries: OutboxEntry[] = [];
  private store?: Promise<OutboxStore>;
  private listeners = new Set<Listener>();
  private running?: Promise<void>;
  private again?: Promise<void>;
  private wake?: ReturnType<typeof setTimeout>;
  private started = false;
  private recovered: Promise<void> = Promise.resolve();
  /** The signed-in user's `sub`: what they make is tagged with it, and only theirs is sent. */
  private owner?: string;

  /** A sign-in or sign-out: from now on this user's entries are the ones sent. */
  setOwner(owner: string | undefined): void {
    if (owner === this.owner) return;
    this.owner = owner;
    if (owner && this.started) void this.drain();
  }

  /** Whose session may send `entry` now. */
  isOwn(entry: OutboxEntry): boolean {
    return entry.owner === undefined || entry.owner === this.owner;
  }

  private db(): Promise<OutboxStore> {
    this.store ??= usableStore();
    return this.store;
  }

  /** Once per page: puts back what a closed page left mid-send, then drains on every trigger. */
  start(): void {
    if (this.started || typeof window === 'undefined') return;
    this.started = true;
    const drain = () => void this.drain();
    window.addEventListener('online', () => void this.dueNow().then(drain));
    window.addEventListener('focus', drain);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') drain();
    });
    setInterval(drain, timerMs);
    // Before the first pass (which waits for it), never during one.
    this.recovered = (async () => {
      const store = await this.db();
      await recover(store);
      const now = Date.now();
      for (const e of await store.all()) {
        if (e.state === 'sent' && (e.sentAt ?? 0) < now - keepSentMs) await store.delete(e.id);
      }
    })().catch(() => undefined);
    drain();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.entries);
    return () => this.listeners.delete(listener);
  }

  private async refresh(): Promise<void> {
    const all = await (await this.db()).all();
    this.entries = all.sort((a, b) => a.createdAt - b.createdAt);
    for (const listener of this.listeners) listener(this.entries);
  }

  /** Saves a change; it is sent by the next drain. */
  async enqueue(input: NewEntry): Promise<OutboxEntry> {
    const now = Date.now();
    const entry: OutboxEntry = {
      ...input,
      ...(this.owner ? { owner: this.owner } : {}),
      id: newIdempotencyKey(),
      idempotencyKey: input.idempotencyKey ?? newIdempotencyKey(),
      state: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    };
    await (await this.db()).put(entry);
    await this.refresh();
    return entry;
  }

  /** One pass over what is due; a call during a pass runs one more pass after it. */
  drain(): Promise<void> {
    if (this.again) return this.again;
    if (this.running) {
      this.again = this.running.then(() => {
        this.again = undefined;
        return this.drain();
      });
      return this.again;
    }
    this.running = this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    await this.recovered;
    // The browser knows it has no network: nothing is tried (and no backoff grows) until
    // its `online` event, which drains at once.
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return this.refresh();
    const store = await this.db();
    // Each entry goes with its own user's token: another user's entries wait for them.
    const owner = this.owner;
    const run = () =>
      drainOnce({ store, send: apiSend, files: bucketFiles, owner, now: Date.now }).then(
        () => undefined,
      );
    try {
      // One tab at a time sends (each entry's key makes a second send harmless anyway).
      if (typeof navigator !== 'undefined' && navigator.locks) {
        await navigator.locks.request('thaogo-outbox', run);
      } else {
        await run();
      }
    } catch {
      // The store failed: the next trigger tries again.
    }
    await this.refresh();
    clearTimeout(this.wake);
    const wake = nextWake(this.entries, this.owner);
    if (wake !== undefined) {
      this.wake = setTimeout(
        () => void this.drain(),
        Math.min(timerMs, Math.max(0, wake - Date.now())),
      );
    }
  }

  /**
   * The network is back (or the user acts): what backs off is tried again now, and its
   * backoff starts again from the shortest wait — the first request after the network
   * returns often still fails (the browser's parts come back one by one), and the next
   * try should not then wait minutes.
   */
  async dueNow(): Promise<void> {
    const store = await this.db();
    const now = Date.now();
    for (const e of await store.all()) {
      if (e.state === 'queued' && e.nextAttemptAt > now)
        await store.put({ ...e, nextAttemptAt: now, attempts: 0 });
    }
  }

  /** Drops an entry, and what depends on it (a finding's photos go with the finding). */
  async discard(id: string): Promise<void> {
    const store = await this.db();
    const gone = new Set([id]);
    const all = await store.all();
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of all) {
        if (e.dependsOn && gone.has(e.dependsOn) && !gone.has(e.id)) {
          gone.add(e.id);
          grew = true;
        }
      }
    }
    for (const each of gone) await store.delete(each);
    await this.refresh();
  }

  /** A refused entry, its text corrected: queued again, under a new key (its body changed). */
  async resubmit(id: string, body: unknown): Promise<void> {
    const store = await this.db();
    const entry = await store.get(id);
    if (!entry || (entry.state !== 'refused' && entry.state !== 'conflict')) return;
    await store.put({
      ...entry,
      body,
      state: 'queued',
      problem: undefined,
      attempts: 0,
      nextAttemptAt: Date.now(),
      idempotencyKey: newIdempotencyKey(),
    });
    await this.refresh();
    void this.drain();
  }

  /** Everything on this phone goes (signing out). */
  async clear(): Promise<void> {
    const store = await this.db();
    for (const e of await store.all()) await store.delete(e.id);
    await this.refresh();
  }
}

export const outbox = new Outbox();

export type Submitted<T> = { sent: true; data: T; etag?: string } | { sent: false };

/**
 * A screen's create, through the outbox: saved first, then sent at once. Resolves with the
 * server's answer after a 2xx, or `{ sent: false }` when it waits on the phone (no network,
 * the server busy). A refusal, a conflict or a 401 while the screen waits is the screen's to
 * show, as before the outbox: the entry is withdrawn and the ApiError thrown.
 */
export async function submit<T>(
  input: NewEntry,
  /** Sent after it, on what it creates: `{dependsOn}` in their paths is its id (its photos). */
  followers: NewEntry[] = [],
): Promise<Submitted<T>> {
  outbox.start();
  const entry = await outbox.enqueue(input);
  for (const follower of followers) await outbox.enqueue({ ...follower, dependsOn: entry.id });
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    return { sent: false };
  }
  // Online: what waited before this one goes first, now, so this one need not wait behind it.
  await outbox.dueNow();
  await outbox.drain();
  const after = outbox.entries.find((e) => e.id === entry.id);
  if (!after) return { sent: false };
  if (after.state === 'sent') return { sent: true, data: after.response as T, etag: after.etag };
  const status = after.problem?.status;
  if (
    after.problem &&
    (after.state === 'refused' || after.state === 'conflict' || status === 401)
  ) {
    await outbox.discard(after.id);
    throw new ApiError(status ?? 400, after.problem);
  }
  return { sent: false };
}

/** The outbox for a component: its entries and how many still wait. */
export function useOutbox(): { entries: OutboxEntry[]; pending: number } {
  const [entries, setEntries] = useState<OutboxEntry[]>(outbox.entries);
  useEffect(() => {
    outbox.start();
    return outbox.subscribe(setEntries);
  }, []);
  return { entries, pending: entries.filter(isPending).length };
}
