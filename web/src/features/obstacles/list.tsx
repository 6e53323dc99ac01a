import { useEffect, useState } from 'preact/hooks';
import { categoryLabels, statusLabels } from '#shared/domain/labels.ts';
import { type Obstacle, obstacleCategories, obstacleStatuses } from '#shared/schemas/obstacles.ts';
import type { Unit } from '#shared/schemas/units.ts';
import { Empty, ObstacleItem } from '../../components/items.tsx';
import { Loading, ProblemNotice, Select, TextField } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { byVietnamese } from '../../lib/format.ts';
import { useResource } from '../../lib/resource.ts';
import { useCaller } from '../../lib/session.tsx';

/** A list that pages through the API's cursors: the first page, then "Xem thêm". */
export function usePaged<T>(path: string, query: Record<string, string | undefined>) {
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

export function ObstacleList() {
  const caller = useCaller();
  const [filters, setFilters] = useState({ unitId: '', status: '', category: '', q: '' });
  const [applied, setApplied] = useState(filters);
  const units = useResource<{ items: Unit[] }>(caller.role === 'commune' ? undefined : '/units');
  const query = Object.fromEntries(Object.entries(applied).map(([k, v]) => [k, v || undefined]));
  const list = usePaged<Obstacle>('/obstacles', query);
  const set = (name: keyof typeof filters) => (value: string) =>
    setFilters((f) => ({ ...f, [name]: value }));
  return (
    <>
      <h1>Khó khăn, vướng mắc</h1>
      {caller.role !== 'city-office' ? (
        <div class="actions">
          <a class="button" href="/obstacles/new">
            Báo cáo khó khăn
          </a>
        </div>
      ) : null}
      <form
        class="filters"
        aria-label="Bộ lọc"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(filters);
        }}
      >
        {caller.role !== 'commune' ? (
          <Select
            name="unitId"
            label="Xã, phường"
            blank="Tất cả"
            value={filters.unitId}
            onInput={set('unitId')}
            options={[...(units.data?.items ?? [])]
              .sort(byVietnamese((u) => u.name))
              .map((u) => [u.id, u.name])}
          />
        ) : null}
        <Select
          name="status"
          label="Trạng thái"
          blank="Tất cả"
          value={filters.status}
          onInput={set('status')}
          options={obstacleStatuses.map((s) => [s, statusLabels[s]])}
        />
        <Select
          name="category"
          label="Lĩnh vực"
          blank="Tất cả"
          value={filters.category}
          onInput={set('category')}
          options={obstacleCategories.map((c) => [c, categoryLabels[c]])}
        />
        <TextField
          name="q"
          label="Tìm (có dấu hoặc không dấu)"
          value={filters.q}
          onInput={set('q')}
        />
        <div class="actions">
          <button type="submit">Lọc</button>
          <button
            type="button"
            class="secondary"
            onClick={() => void api.download('/obstacles/export.csv', 'kho-khan.csv', { query })}
          >
            Tải CSV
          </button>
        </div>
      </form>
      <ProblemNotice error={list.first.error ?? list.error} />
      {list.first.loading ? <Loading /> : null}
      {list.first.data && !list.items.length ? (
        <Empty>Không có khó khăn nào khớp bộ lọc.</Empty>
      ) : null}
      <ul class="cards">
        {list.items.map((o) => (
          <ObstacleItem key={o.id} obstacle={o} showUnit={caller.role !== 'commune'} />
        ))}
      </ul>
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
