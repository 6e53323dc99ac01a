import { categoryLabels, statusLabels } from '#shared/domain/labels.ts';
import { type Obstacle, obstacleCategories, obstacleStatuses } from '#shared/schemas/obstacles.ts';
import type { Unit } from '#shared/schemas/units.ts';
import { ObstacleItem } from '../../components/items.tsx';
import { FilterBar, PagedList, useFilters, usePaged } from '../../components/paged.tsx';
import { Select, TextField } from '../../components/ui.tsx';
import { byVietnamese } from '../../lib/format.ts';
import { useResource } from '../../lib/resource.ts';
import { useCaller } from '../../lib/session.tsx';

export function ObstacleList() {
  const caller = useCaller();
  const { filters, set, query, apply } = useFilters({
    unitId: '',
    status: '',
    category: '',
    q: '',
  });
  const units = useResource<{ items: Unit[] }>(caller.role === 'commune' ? undefined : '/units');
  const list = usePaged<Obstacle>('/obstacles', query);
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
      <FilterBar
        onApply={apply}
        csv={{ path: '/obstacles/export.csv', fileName: 'kho-khan.csv', query }}
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
      </FilterBar>
      <PagedList list={list} empty="Không có khó khăn nào khớp bộ lọc.">
        {(o) => <ObstacleItem key={o.id} obstacle={o} showUnit={caller.role !== 'commune'} />}
      </PagedList>
    </>
  );
}
