/** What the outbox keeps: one entry per change made on the phone, until the server took it. */
import type { ProblemBody } from '../api.ts';

export type OutboxState = 'queued' | 'sending' | 'sent' | 'refused' | 'conflict';

export interface OutboxEntry {
  id: string;
  /** What the change is, for the list: 'obstacle', 'visit', 'finding', 'comment', 'dossier'… */
  kind: string;
  /** Under /api. `{dependsOn}` is replaced by the id the entry it depends on was given. */
  path: string;
  method: 'POST' | 'PUT';
  body?: unknown;
  /** The same key on every attempt: a resend replays the first answer, never a second item. */
  idempotencyKey: string;
  ifMatch?: string;
  state: OutboxState;
  attempts: number;
  /** Epoch ms: not sent again before. */
  nextAttemptAt: number;
  /** The server's refusal (refused, conflict), or the last 401 while it waits for a sign-in. */
  problem?: ProblemBody;
  /** Epoch ms. */
  createdAt: number;
  /** What the user sees in the list, e.g. "Báo cáo: Trụ sở xuống cấp". */
  label: string;
  /** The id of an entry that must be sent first (a finding after its visit). */
  dependsOn?: string;
  files?: unknown[];
  /** The 2xx answer's body (e.g. the created item), for the screen. */
  response?: unknown;
  etag?: string;
  /** Epoch ms of the 2xx. */
  sentAt?: number;
}

export type NewEntry = Pick<OutboxEntry, 'kind' | 'path' | 'method' | 'label'> &
  Partial<Pick<OutboxEntry, 'body' | 'idempotencyKey' | 'ifMatch' | 'dependsOn' | 'files'>>;

export interface OutboxStore {
  all(): Promise<OutboxEntry[]>;
  get(id: string): Promise<OutboxEntry | undefined>;
  put(entry: OutboxEntry): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface SendRequest {
  method: 'POST' | 'PUT';
  path: string;
  body?: unknown;
  idempotencyKey: string;
  ifMatch?: string;
}

export interface SendReply {
  status: number;
  data?: unknown;
  etag?: string;
}

/** Sends one request: resolves on a 2xx, throws ApiError on an answer, anything else on none. */
export type Send = (request: SendRequest) => Promise<SendReply>;

/** Still to be sent (or being sent). */
export function isPending(entry: OutboxEntry): boolean {
  return entry.state === 'queued' || entry.state === 'sending';
}
