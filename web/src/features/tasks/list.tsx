import { taskStatusLabels } from '#shared/domain/labels.ts';
import { type TaskView, taskStatuses } from '#shared/schemas/tasks.ts';
import { TaskItem } from '../../components/items.tsx';
import {
  FilterBar,
  FilterSelect,
  PagedList,
  useFilters,
  usePaged,
} from '../../components/paged.tsx';
import { choices } from '../../components/ui.tsx';
import { useCaller } from '../../lib/session.tsx';

const statusChoices = choices(taskStatuses, taskStatusLabels);
const overdueChoices: [string, string][] = [
  ['true', 'Chỉ nhiệm vụ quá hạn'],
  ['false', 'Chưa quá hạn'],
];

export function TaskList() {
  const caller = useCaller();
  const mine =
    caller.role === 'commune'
      ? `unit:${caller.unitId}`
      : caller.role === 'city-office'
        ? `org:${caller.orgId}`
        : '';
  const filters = useFilters({ status: '', overdue: '', assignee: mine });
  const list = usePaged<TaskView>('/tasks', filters.query);
  const assigneeChoices: [string, string][] = [
    [mine, caller.role === 'commune' ? 'Xã, phường của tôi' : 'Cơ quan của tôi'],
    ['', 'Tất cả nhiệm vụ tôi được xem'],
  ];
  return (
    <>
      <h1>Nhiệm vụ</h1>
      <FilterBar filters={filters} csv={{ path: '/tasks/export.csv', fileName: 'nhiem-vu.csv' }}>
        {mine ? <FilterSelect name="assignee" label="Giao cho" options={assigneeChoices} /> : null}
        <FilterSelect name="status" label="Trạng thái" options={statusChoices} />
        <FilterSelect name="overdue" label="Quá hạn" options={overdueChoices} />
      </FilterBar>
      <PagedList list={list} empty="Không có nhiệm vụ nào khớp bộ lọc.">
        {(t) => <TaskItem key={t.id} task={t} />}
      </PagedList>
    </>
  );
}
