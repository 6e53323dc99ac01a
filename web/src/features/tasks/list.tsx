import { useState } from 'preact/hooks';
import { taskStatusLabels } from '#shared/domain/labels.ts';
import { type TaskView, taskStatuses } from '#shared/schemas/tasks.ts';
import { Empty, TaskItem } from '../../components/items.tsx';
import { Loading, ProblemNotice, Select } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { useCaller } from '../../lib/session.tsx';
import { usePaged } from '../obstacles/list.tsx';

export function TaskList() {
  const caller = useCaller();
  const mine =
    caller.role === 'commune'
      ? `unit:${caller.unitId}`
      : caller.role === 'city-office'
        ? `org:${caller.orgId}`
        : '';
  const [filters, setFilters] = useState({ status: '', overdue: '', assignee: mine });
  const [applied, setApplied] = useState(filters);
  const query = Object.fromEntries(Object.entries(applied).map(([k, v]) => [k, v || undefined]));
  const list = usePaged<TaskView>('/tasks', query);
  const set = (name: keyof typeof filters) => (value: string) =>
    setFilters((f) => ({ ...f, [name]: value }));
  return (
    <>
      <h1>Nhiệm vụ</h1>
      <form
        class="filters"
        aria-label="Bộ lọc"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(filters);
        }}
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
        <div class="actions">
          <button type="submit">Lọc</button>
          <button
            type="button"
            class="secondary"
            onClick={() => void api.download('/tasks/export.csv', 'nhiem-vu.csv', { query })}
          >
            Tải CSV
          </button>
        </div>
      </form>
      <ProblemNotice error={list.first.error ?? list.error} />
      {list.first.loading ? <Loading /> : null}
      {list.first.data && !list.items.length ? (
        <Empty>Không có nhiệm vụ nào khớp bộ lọc.</Empty>
      ) : null}
      <ul class="cards">
        {list.items.map((t) => (
          <TaskItem key={t.id} task={t} />
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
