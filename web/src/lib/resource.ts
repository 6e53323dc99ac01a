/** A read of the API for a screen: its data, ETag, error and a reload. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, NetworkError, type RequestOptions } from './api.ts';
import { readKey, recall, remember, showingCached } from './offline-cache.ts';

export interface Resource<T> {
  data?: T;
  etag?: string;
  error?: unknown;
  loading: boolean;
  /** With no network: the last answer kept on the phone, from then (epoch ms). */
  cachedAt?: number;
  reload(): void;
  /** Replace what is shown (after a change the server answered with the new state). */
  set(data: T, etag?: string): void;
}

export function useResource<T>(
  path: string | undefined,
  query?: RequestOptions['query'],
): Resource<T> {
  const [state, setState] = useState<{
    data?: T;
    etag?: string;
    error?: unknown;
    loading: boolean;
    cachedAt?: number;
  }>({
    loading: path !== undefined,
  });
  const [tick, setTick] = useState(0);
  const key = `${path}?${JSON.stringify(query ?? {})}`;
  const latest = useRef(key);
  latest.current = key;
  const [owner] = useState(() => Symbol(key));
  useEffect(() => showingCached(owner, state.cachedAt), [state.cachedAt]);
  useEffect(() => () => showingCached(owner, undefined), []);

  useEffect(() => {
    if (path === undefined) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    api
      .get<T>(path, { query, signal: controller.signal })
      .then((reply) => {
        if (latest.current === key)
          setState({ data: reply.data, etag: reply.etag, loading: false });
        void remember(readKey(path, query), reply.data, reply.etag);
      })
      .catch(async (error: unknown) => {
        if ((error as Error).name === 'AbortError') return;
        const kept = error instanceof NetworkError ? await recall(readKey(path, query)) : undefined;
        if (kept && !controller.signal.aborted) {
          setState({
            data: kept.data as T,
            etag: kept.etag,
            loading: false,
            cachedAt: kept.fetchedAt,
          });
          return;
        }
        setState((s) => ({ ...s, error, loading: false }));
      });
    return () => controller.abort();
  }, [key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const set = useCallback((data: T, etag?: string) => setState({ data, etag, loading: false }), []);
  return { ...state, reload, set };
}
