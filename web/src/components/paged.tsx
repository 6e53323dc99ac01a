/** Lists that page through the API's cursors, and their filter bar: one of each for every list. */
import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.ts';
import { useResource } from '../lib/resource.ts';
import { Cards } from './items.tsx';
import { Select, TextField } from './ui.tsx';

type Query = Record<string, string | undefined>;

/** The first page of a list, then each next page on request ("Xem thêm"). */
export function usePaged<T>(path: string, query: Query) {
  const first = useResource<{ items: T[]; nextCursor?: string }>(path, { ...query, limit: 25 });
  const [more, setMore] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setMore([]);
    setCursor(first.data?.nextCursor);
  }, [first.data]);
  const loadMore = async () => {
    if (!cursor) return;
    setBusy(true);
    try {
      const reply = await api.get<{ items: T[]; nextCursor?: string }>(path, {
        query: { ...query, limit: 25, cursor },
      });
      setMore((m) => [...m, ...reply.data.items]);
      setCursor(reply.data.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { first, items: [...(first.data?.items ?? []), ...more], cursor, loadMore, error, busy };
}

export type Paged<T> = ReturnType<typeof usePaged<T>>;

/** A paged list as every screen shows it: refusal, loading, empty, the items, "Xem thêm". */
export function PagedList<T>({
  list,
  empty,
  children,
}: {
  list: Paged<T>;
  empty: string;
  children: (item: T) => ComponentChildren;
}) {
  const read = { ...list.first, error: list.first.error ?? list.error };
  return (
    <>
      <Cards read={read} items={list.items} empty={empty}>
        {children}
      </Cards>
      {list.cursor ? (
        <div class="actions">
          <button
            type="button"
            class="secondary"
            disabled={list.busy}
            onClick={() => void list.loadMore()}
          >
            Xem thêm
          </button>
        </div>
      ) : null}
    </>
  );
}

/** Filters typed in a form and applied on "Lọc": what is applied is the list's query. */
export function useFilters<F extends Record<string, string>>(initial: F) {
  const [filters, setFilters] = useState(initial);
  const [applied, setApplied] = useState(initial);
  const query: Query = Object.fromEntries(
    Object.entries(applied).map(([k, v]) => [k, v || undefined]),
  );
  const set = (name: keyof F) => (value: string) => setFilters((f) => ({ ...f, [name]: value }));
  return { filters, set, query, apply: () => setApplied(filters) };
}

type Filters = ReturnType<typeof useFilters<Record<string, string>>>;

/** The filters of the bar around them, so each field names only its filter. */
const FiltersContext = createContext<Filters | undefined>(undefined);

function useFilter(name: string) {
  const filters = useContext(FiltersContext);
  if (!filters) throw new Error('a filter outside FilterBar');
  return { name, value: filters.filters[name] ?? '', onInput: filters.set(name) };
}

/** A filter chosen from a list; "Tất cả" (no filter) comes first unless the options name it. */
export function FilterSelect({
  name,
  label,
  options,
}: {
  name: string;
  label: string;
  options: [value: string, label: string][];
}) {
  const everything = options.some(([value]) => value === '') ? undefined : 'Tất cả';
  return <Select {...useFilter(name)} label={label} blank={everything} options={options} />;
}

/** A filter typed in. */
export function FilterText({ name, label }: { name: string; label: string }) {
  return <TextField {...useFilter(name)} label={label} />;
}

/** The filter bar: its fields, "Lọc", and the same filtered list as a CSV download. */
export function FilterBar<F extends Record<string, string>>({
  filters,
  csv,
  children,
}: {
  filters: ReturnType<typeof useFilters<F>>;
  csv: { path: string; fileName: string };
  children: ComponentChildren;
}) {
  return (
    <form
      class="filters"
      aria-label="Bộ lọc"
      onSubmit={(e) => {
        e.preventDefault();
        filters.apply();
      }}
    >
      <FiltersContext.Provider value={filters as unknown as Filters}>
        {children}
      </FiltersContext.Provider>
      <div class="actions">
        <button type="submit">Lọc</button>
        <button
          type="button"
          class="secondary"
          onClick={() => void api.download(csv.path, csv.fileName, { query: filters.query })}
        >
          Tải CSV
        </button>
      </div>
    </form>
  );
}
