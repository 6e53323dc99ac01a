import { categoryLabels, statusLabels } from '#shared/domain/labels.ts';
import { type Obstacle, obstacleCategories, obstacleStatuses } from '#shared/schemas/obstacles.ts';
import type { Unit } from '#shared/schemas/units.ts';
import { ObstacleItem } from '../../components/items.tsx';
import {
  FilterBar,
  FilterSelect,
  FilterText,
  PagedList,
  useFilters,
  usePaged,
} from '../../components/paged.tsx';
import { choices } from '../../components/ui.tsx';
import { byVietnamese } from '../../lib/format.ts';
import { useResource } from '../../lib/resource.ts';
import { useCaller } from '../../lib/session.tsx';

const statusChoices = choices(obstacleStatuses, statusLabels);
const categoryChoices = choices(obstacleCategories, categoryLabels);

export function ObstacleList() {
  const caller = useCaller();
  const filters = useFilters({ unitId: '', status: '', category: '', q: '' });
  const units = useResource<{ items: Unit[] }>(caller.role === 'commune' ? undefined : '/units');
  const list = usePaged<Obstacle>('/obstacles', filters.query);
  const unitChoices = [...(units.data?.items ?? [])]
    .sort(byVietnamese((u) => u.name))
    .map((u): [string, string] => [u.id, u.name]);
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
        filters={filters}
        csv={{ path: '/obstacles/export.csv', fileName: 'kho-khan.csv' }}
      >
        {caller.role !== 'commune' ? (
          <FilterSelect name="unitId" label="Xã, phường" options={unitChoices} />
        ) : null}
        <FilterSelect name="status" label="Trạng thái" options={statusChoices} />
        <FilterSelect name="category" label="Lĩnh vực" options={categoryChoices} />
        <FilterText name="q" label="Tìm (có dấu hoặc không dấu)" />
      </FilterBar>
      <PagedList list={list} empty="Không có khó khăn nào khớp bộ lọc.">
        {(o) => <ObstacleItem key={o.id} obstacle={o} showUnit={caller.role !== 'commune'} />}
      </PagedList>
    </>
  );
}
