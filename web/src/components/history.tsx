/** An item's page: the item and its history, read side by side, and the history as it shows. */
import { formatInstant } from '../lib/format.ts';
import { type Resource, useResource } from '../lib/resource.ts';
import { Loading } from './ui.tsx';

interface Step {
  action: string;
  at: string;
  by: { name: string };
  note?: string;
}

/** The item at `path` and its history, at `path`/history. */
export function useItemWithHistory<T, E extends Step>(path: string) {
  return {
    item: useResource<T>(path),
    history: useResource<{ items: E[] }>(`${path}/history`),
  };
}

/** What was done to the item, in order: each step, the state it left, who, when, its note. */
export function History<E extends Step>({
  read,
  labels,
  stateOf,
  keyOf,
}: {
  read: Resource<{ items: E[] }>;
  labels: Record<string, string>;
  stateOf: (step: E) => string | undefined;
  keyOf: (step: E) => string;
}) {
  return (
    <>
      <h2>Lịch sử</h2>
      {read.loading ? <Loading /> : null}
      <ol class="history">
        {read.data?.items.map((e) => {
          const state = stateOf(e);
          return (
            <li key={keyOf(e)}>
              <strong>{labels[e.action] ?? e.action}</strong>
              {state ? `: ${state}` : ''} · {e.by.name} · {formatInstant(e.at)}
              {e.note ? <div>{e.note}</div> : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}
