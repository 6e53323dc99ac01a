import { taskStatusLabels } from '#shared/domain/labels.ts';
import { type TaskView, taskStatuses } from '#shared/schemas/tasks.ts';
import { TaskItem } from '../../components/items.tsx';
import { FilterBar, PagedList, useFilters, usePaged } from '../../components/paged.tsx';
import { Select } from '../../components/ui.tsx';
import { useCaller } from '../../lib/session.tsx';

export function TaskList() {
  const caller = useCaller();
  const mine =
    caller.role === 'commune'
      ? `unit:${caller.unitId}`
      : caller.role === 'city-office'
        ? `org:${caller.orgId}`
        : '';
  const { filters, set, query, apply } = useFilters({ status: '', overdue: '', assignee: mine });
  const list = usePaged<TaskView>('/tasks', query);
  return (
    <>
      <h1>Nhiệm vụ</h1>
      <FilterBar
        onApply={apply}
        csv={{ path: '/tasks/export.csv', fileName: 'nhiem-vu.csv', query }}
      >
        {mine ? (
          <Select
            name="assignee"
            label="Giao cho"
            value={filters.assignee}
            onInput={set('assignee')}
            options={[
              [mine, caller.role === 'commune' ? 'Xã, phường của tôi' : 'Cơ quan của tôi'],
              ['', 'Tất cả nhiệm vụ tôi được xem'],
            ]}
          />
        ) : null}
        <Select
          name="status"
          label="Trạng thái"
          blank="Tất cả"
          value={filters.status}
          onInput={set('status')}
          options={taskStatuses.map((s) => [s, taskStatusLabels[s]])}
        />
        <Select
          name="overdue"
          label="Quá hạn"
          blank="Tất cả"
          value={filters.overdue}
          onInput={set('overdue')}
          options={[
            ['true', 'Chỉ nhiệm vụ quá hạn'],
            ['false', 'Chưa quá hạn'],
          ]}
        />
      </FilterBar>
      <PagedList list={list} empty="Không có nhiệm vụ nào khớp bộ lọc.">
        {(t) => <TaskItem key={t.id} task={t} />}
      </PagedList>
    </>
  );
}
