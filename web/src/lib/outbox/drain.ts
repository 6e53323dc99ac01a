/**
 * The outbox's drain, apart from the browser: given a store, a send, a clock and a sleep it
 * sends what waits, one entry at a time, oldest first, an entry only after the one it
 * depends on and after the earlier ones to the same path; it backs off on no answer and on
 * 5xx/429, keeps a refusal with its problem, a 412 as a conflict, and stops at a 401
 * (the entry waits for a new sign-in).
 */
import { ApiError } from '../api.ts';
import { isPending, type OutboxEntry, type OutboxStore, type Send } from './types.ts';

export interface DrainDeps {
  store: OutboxStore;
  send: Send;
  now(): number;
  /** The server refused the token: ask for a new sign-in. */
  unauthorized?(): void;
}

export const maxBackoffMs = 5 * 60_000;

/** 2^attempts seconds, at most 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(2 ** attempts * 1000, maxBackoffMs);
}

/** What one attempt came to. */
export type Outcome = 'sent' | 'refused' | 'conflict' | 'retry' | 'offline' | 'unauthorized';

function inProgress(error: ApiError): boolean {
  return /progress/i.test(`${error.problem.title} ${error.problem.detail ?? ''}`);
}

export function outcomeOf(error: unknown): Outcome {
  if (!(error instanceof ApiError)) return 'offline';
  const { status } = error;
  if (status === 401) return 'unauthorized';
  if (status === 412 || status === 428) return 'conflict';
  if (status === 429 || status >= 500 || (status === 409 && inProgress(error))) return 'retry';
  return 'refused';
}

function order(a: OutboxEntry, b: OutboxEntry): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The path to send to: `{dependsOn}` is the id the server gave the entry depended on. */
export function pathOf(entry: OutboxEntry, entries: OutboxEntry[]): string | undefined {
  if (!entry.path.includes('{dependsOn}')) return entry.path;
  const dep = entries.find((e) => e.id === entry.dependsOn);
  const id = (dep?.response as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? entry.path.replaceAll('{dependsOn}', id) : undefined;
}

/** Waiting on nothing else: its dependency is sent, and no earlier entry to its path waits. */
export function isReady(entry: OutboxEntry, entries: OutboxEntry[]): boolean {
  if (entry.dependsOn) {
    const dep = entries.find((e) => e.id === entry.dependsOn);
    if (dep?.state !== 'sent') return false;
  }
  return !entries.some((e) => e.path === entry.path && isPending(e) && order(e, entry) < 0);
}

/** The next entry to send now, if any. */
export function nextDue(
  entries: OutboxEntry[],
  now: number,
  skip: ReadonlySet<string> = new Set(),
): OutboxEntry | undefined {
  return [...entries]
    .sort(order)
    .find(
      (e) =>
        !skip.has(e.id) && e.state === 'queued' && e.nextAttemptAt <= now && isReady(e, entries),
    );
}

/** When the drain should run again for a waiting entry (epoch ms), if any waits. */
export function nextWake(entries: OutboxEntry[]): number | undefined {
  const times = entries
    .filter((e) => e.state === 'queued' && isReady(e, entries) && !e.problem)
    .map((e) => e.nextAttemptAt);
  return times.length ? Math.min(...times) : undefined;
}

/** A page that died mid-send left entries `sending`: they go back to the queue. */
export async function recover(store: OutboxStore): Promise<number> {
  let recovered = 0;
  for (const entry of await store.all()) {
    if (entry.state !== 'sending') continue;
    await store.put({ ...entry, state: 'queued' });
    recovered += 1;
  }
  return recovered;
}

/** One attempt at one entry; the entry is saved before and after. */
export async function attempt(
  entry: OutboxEntry,
  entries: OutboxEntry[],
  deps: DrainDeps,
): Promise<Outcome> {
  const path = pathOf(entry, entries);
  if (path === undefined) return 'retry';
  const sending: OutboxEntry = { ...entry, state: 'sending', attempts: entry.attempts + 1 };
  await deps.store.put(sending);
  try {
    const reply = await deps.send({
      method: entry.method,
      path,
      body: entry.body,
      idempotencyKey: entry.idempotencyKey,
      ifMatch: entry.ifMatch,
    });
    await deps.store.put({
      ...sending,
      state: 'sent',
      response: reply.data,
      etag: reply.etag,
      problem: undefined,
      sentAt: deps.now(),
    });
    return 'sent';
  } catch (error) {
    const outcome = outcomeOf(error);
    const problem =
      error instanceof ApiError ? { ...error.problem, status: error.status } : undefined;
    const now = deps.now();
    switch (outcome) {
      case 'refused':
      case 'conflict':
        await deps.store.put({ ...sending, state: outcome, problem });
        break;
      case 'unauthorized':
        // Not the entry's fault: it waits, as it was, for the next sign-in.
        await deps.store.put({ ...sending, state: 'queued', attempts: entry.attempts, problem });
        deps.unauthorized?.();
        break;
      default:
        await deps.store.put({
          ...sending,
          state: 'queued',
          problem: undefined,
          nextAttemptAt: now + backoffMs(sending.attempts),
        });
    }
    return outcome;
  }
}

export interface DrainResult {
  /** Ids attempted, in order, with what each came to. */
  attempts: [string, Outcome][];
  /** Stopped early: no answer at all, or the token was refused. */
  stopped?: 'offline' | 'unauthorized';
}

/** Sends every entry due now, one at a time; stops when none is due, offline or signed out. */
export async function drainOnce(deps: DrainDeps): Promise<DrainResult> {
  const result: DrainResult = { attempts: [] };
  const tried = new Set<string>();
  for (;;) {
    const entries = await deps.store.all();
    const entry = nextDue(entries, deps.now(), tried);
    if (!entry) return result;
    tried.add(entry.id);
    const outcome = await attempt(entry, entries, deps);
    result.attempts.push([entry.id, outcome]);
    if (outcome === 'offline' || outcome === 'unauthorized') {
      result.stopped = outcome;
      return result;
    }
  }
}

/**
 * Drains until nothing waits: between passes it sleeps until the next entry is due. For the
 * tests (with a fake clock) and any caller that may wait; the page drains by pass instead.
 */
export async function drainUntilSettled(
  deps: DrainDeps & { sleep(ms: number): Promise<void> },
  maxPasses = 100,
): Promise<DrainResult> {
  const all: DrainResult = { attempts: [] };
  for (let pass = 0; pass < maxPasses; pass++) {
    const result = await drainOnce(deps);
    all.attempts.push(...result.attempts);
    if (result.stopped === 'unauthorized') return { ...all, stopped: 'unauthorized' };
    const wake = nextWake(await deps.store.all());
    if (wake === undefined) return all;
    await deps.sleep(Math.max(0, wake - deps.now()));
  }
  return all;
}
