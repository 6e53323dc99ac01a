/**
 * The outbox's drain, apart from the browser: given a store, a send, a clock and a sleep it
 * sends what waits, one entry at a time, oldest first, an entry only after the one it
 * depends on and after the earlier ones on the same item; it backs off on no answer and on
 * 5xx/429, keeps a refusal with its problem, a 412 as a conflict, and stops at a 401
 * (the entry waits for a new sign-in). An entry with a file sends the file to the bucket
 * first, saving each step, so a file the bucket has is never sent again.
 */
import { ApiError } from '../api.ts';
import {
  type FileSender,
  isPending,
  type OutboxEntry,
  type OutboxStore,
  type PendingUpload,
  type Send,
  type SendReply,
  UploadError,
} from './types.ts';

export interface DrainDeps {
  store: OutboxStore;
  send: Send;
  now(): number;
  /** How files reach the bucket (entries with an upload wait without it). */
  files?: FileSender;
  /** The signed-in user's `sub`: another user's entries wait for that user. */
  owner?: string;
  /** The server refused the token: ask for a new sign-in. */
  unauthorized?(): void;
}

/** A grant this close to its expiry is not used for a POST: a new one is asked for. */
export const grantMarginMs = 60_000;

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
  // The bucket refuses an expired or spent grant with 403: a new grant is asked for.
  if (error instanceof UploadError)
    return error.status === 403 || error.status >= 500 ? 'retry' : 'refused';
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

/**
 * The item a change is made on: `/obstacles/X` for its transitions, comments and files,
 * `/visits/V` for its findings and theirs, `/obstacles` for a new report. Changes on one
 * item go in the order they were made (a photo before the proposal it backs).
 */
export function itemOf(path: string): string {
  return path.split('/').slice(0, 3).join('/');
}

/** Sent by whoever is signed in now: the user who made it (or, for older entries, anyone). */
export function isOwnedBy(entry: OutboxEntry, owner: string | undefined): boolean {
  return entry.owner === undefined || entry.owner === owner;
}

/** Waiting on nothing else: its dependency is sent, and no earlier change to its item waits. */
export function isReady(entry: OutboxEntry, entries: OutboxEntry[]): boolean {
  if (entry.dependsOn) {
    const dep = entries.find((e) => e.id === entry.dependsOn);
    if (dep?.state !== 'sent') return false;
  }
  const item = itemOf(entry.path);
  return !entries.some(
    (e) =>
      itemOf(e.path) === item && e.owner === entry.owner && isPending(e) && order(e, entry) < 0,
  );
}

/** The next entry to send now, if any. */
export function nextDue(
  entries: OutboxEntry[],
  now: number,
  skip: ReadonlySet<string> = new Set(),
  owner?: string,
): OutboxEntry | undefined {
  return [...entries]
    .sort(order)
    .find(
      (e) =>
        !skip.has(e.id) &&
        e.state === 'queued' &&
        e.nextAttemptAt <= now &&
        isOwnedBy(e, owner) &&
        isReady(e, entries),
    );
}

/** When the drain should run again for a waiting entry (epoch ms), if any waits. */
export function nextWake(entries: OutboxEntry[], owner?: string): number | undefined {
  const times = entries
    .filter((e) => e.state === 'queued' && isOwnedBy(e, owner) && isReady(e, entries) && !e.problem)
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

/** What registers an uploaded file on its item. */
function registration(upload: PendingUpload) {
  const grant = upload.grant;
  if (!grant) throw new Error('No grant for this upload');
  return {
    uploadId: grant.uploadId,
    key: grant.key,
    fileName: upload.fileName,
    contentType: upload.contentType,
    size: upload.blob.size,
    ...(upload.caption ? { caption: upload.caption } : {}),
  };
}

/** The API found no file under the grant's key: the POST that was cut never reached it. */
function fileMissing(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 400 &&
    (error.problem.errors ?? []).some((e) => /(^|\.)key$/.test(e.field))
  );
}

/**
 * Sends an entry's file to the bucket, then registers it. Each step is saved as it is done:
 * a grant is reused while it is good, a file the bucket answered for is never sent again,
 * and after a POST that got no answer the registration is tried first (the file may be
 * there), the file sent again only if the API says it is not.
 */
async function sendWithFile(
  entry: OutboxEntry,
  path: string,
  deps: DrainDeps,
  save: (upload: PendingUpload) => Promise<void>,
): Promise<SendReply> {
  let upload = entry.upload as PendingUpload;
  const register = (u: PendingUpload) =>
    deps.send({
      method: 'POST',
      path,
      body: registration(u),
      idempotencyKey: entry.idempotencyKey,
    });
  if (!upload.uploaded) {
    if (!deps.files) throw new Error('No file sender');
    if (upload.tried && upload.grant) {
      try {
        return await register(upload);
      } catch (error) {
        if (!fileMissing(error)) throw error;
      }
    }
    const grant = upload.grant;
    if (!grant || Date.parse(grant.expiresAt) - grantMarginMs <= deps.now()) {
      const itemPath = path.replace(/\/attachments$/, '');
      upload = {
        ...upload,
        tried: false,
        grant: await deps.files.grant(itemPath, {
          fileName: upload.fileName,
          contentType: upload.contentType,
          size: upload.blob.size,
        }),
      };
    }
    upload = { ...upload, tried: true };
    await save(upload);
    try {
      await deps.files.upload(
        upload.grant as NonNullable<PendingUpload['grant']>,
        upload.blob,
        upload.fileName,
      );
    } catch (error) {
      // Refused for its grant (expired, spent): the next attempt asks for a new one.
      if (error instanceof UploadError && error.status === 403) {
        await save({ ...upload, grant: undefined, tried: false });
      }
      throw error;
    }
    upload = { ...upload, uploaded: true };
    await save(upload);
  }
  return register(upload);
}

/** One attempt at one entry; the entry is saved before and after. */
export async function attempt(
  entry: OutboxEntry,
  entries: OutboxEntry[],
  deps: DrainDeps,
): Promise<Outcome> {
  const path = pathOf(entry, entries);
  if (path === undefined) return 'retry';
  let sending: OutboxEntry = { ...entry, state: 'sending', attempts: entry.attempts + 1 };
  await deps.store.put(sending);
  try {
    const reply = entry.upload
      ? await sendWithFile(sending, path, deps, async (upload) => {
          sending = { ...sending, upload };
          await deps.store.put(sending);
        })
      : await deps.send({
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
      error instanceof ApiError
        ? { ...error.problem, status: error.status }
        : error instanceof UploadError
          ? {
              type: 'about:blank',
              title: 'Upload refused',
              status: error.status,
              detail: error.message,
            }
          : undefined;
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
    const entry = nextDue(entries, deps.now(), tried, deps.owner);
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
    const wake = nextWake(await deps.store.all(), deps.owner);
    if (wake === undefined) return all;
    await deps.sleep(Math.max(0, wake - deps.now()));
  }
  return all;
}
