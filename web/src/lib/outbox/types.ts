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
  /** A photo or file to send to the bucket before the entry registers it on its item. */
  upload?: PendingUpload;
  /** The `sub` of the user who made the change: only that user's session sends it. */
  owner?: string;
  /** The 2xx answer's body (e.g. the created item), for the screen. */
  response?: unknown;
  etag?: string;
  /** Epoch ms of the 2xx. */
  sentAt?: number;
}

/** The bucket's presigned POST for one file, as `POST …/attachments/uploads` answers. */
export interface UploadGrant {
  uploadId: string;
  url: string;
  fields: Record<string, string>;
  key: string;
  /** ISO instant. */
  expiresAt: string;
  maxBytes: number;
}

/**
 * A file on its way: the prepared blob (kept in IndexedDB with the entry), then the grant
 * it was given, whether a POST to the bucket was made with it, and whether the bucket said
 * it has the file. Each step is saved before the next, so no step done is done again.
 */
export interface PendingUpload {
  blob: Blob;
  fileName: string;
  contentType: string;
  caption?: string;
  grant?: UploadGrant;
  /** A POST with this grant was started: the bucket may hold the file though no answer came. */
  tried?: boolean;
  /** The bucket answered 2xx: the file is there. */
  uploaded?: boolean;
}

export type NewEntry = Pick<OutboxEntry, 'kind' | 'path' | 'method' | 'label'> &
  Partial<Pick<OutboxEntry, 'body' | 'idempotencyKey' | 'ifMatch' | 'dependsOn' | 'upload'>>;

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

/** The bucket answered a file's POST with a refusal. */
export class UploadError extends Error {
  constructor(readonly status: number) {
    super(`Máy chủ lưu trữ không nhận tệp này (${status}).`);
    this.name = 'UploadError';
  }
}

/** How a file reaches the bucket: its grant through the API, then the POST to the bucket. */
export interface FileSender {
  /** `POST {itemPath}/attachments/uploads`: throws ApiError on an answer, anything else on none. */
  grant(
    itemPath: string,
    file: { fileName: string; contentType: string; size: number },
  ): Promise<UploadGrant>;
  /** The POST to the bucket: throws UploadError on a refusal, anything else on no answer. */
  upload(grant: UploadGrant, blob: Blob, fileName: string): Promise<void>;
}

/** Still to be sent (or being sent). */
export function isPending(entry: OutboxEntry): boolean {
  return entry.state === 'queued' || entry.state === 'sending';
}
