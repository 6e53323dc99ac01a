import { today } from '#functions/deps/table.ts';
import { taskDeps } from '#functions/deps/tasks.ts';
import { functions } from '#functions/manifest.ts';
import { formatLocalTime, taskStatusLabels } from '#shared/domain/labels.ts';
import { drainUpTo } from '#shared/domain/paging.ts';
import { effectiveTaskQuery, viewTask } from '#shared/domain/tasks.ts';
import { csvDownload } from '#shared/http/csv.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { exportTasksContract, type TaskView } from '#shared/schemas/tasks.ts';

/** HTTP APIs cannot stream a Lambda response: built page by page, capped, sent whole. */
const maxRows = 10_000;

/** Why the working-day figure of a row is not exact (see the calendar's read side). */
const calendarGapNotes: Record<NonNullable<TaskView['calendarGap']>, string> = {
  estimated: 'Ước tính: năm chưa có lịch nghỉ lễ, tính thứ Hai đến thứ Sáu',
  unavailable: 'Không tính được: hạn lưu trong hệ thống không phải là ngày',
};

const header = [
  'Mã',
  'Nhiệm vụ',
  'Đơn vị thực hiện',
  'Người giao',
  'Ngày giao',
  'Hạn ban đầu',
  'Hạn hiện tại',
  'Trạng thái',
  'Quá hạn (ngày làm việc)',
  'Ghi chú số ngày làm việc',
  'Đúng hạn',
  'Cập nhật',
];

function row(t: TaskView) {
  return [
    t.id,
    t.title,
    t.assignees.map((a) => a.name).join('; '),
    t.assigner.leaderName ?? t.assigner.orgName,
    t.assignedOn,
    t.originalDue,
    t.currentDue,
    taskStatusLabels[t.status],
    t.overdueWorkingDays || undefined,
    t.calendarGap ? calendarGapNotes[t.calendarGap] : undefined,
    t.onTime === undefined ? undefined : t.onTime ? 'Có' : 'Không',
    formatLocalTime(t.updatedAt),
  ];
}

export const handler = httpHandler(
  functions.exportTasks,
  exportTasksContract,
  async ({ query, caller }) => {
    const { asOf: asked, ...filters } = query;
    const asOf = asked ?? today();
    const effective = await effectiveTaskQuery(filters, asOf, caller, taskDeps);
    const { items, truncated } = effective
      ? await drainUpTo((after) => taskDeps.tasks.list(effective, { after, limit: 100 }), maxRows)
      : { items: [], truncated: false };
    const rows = items.map((task) => row(viewTask(task, asOf, taskDeps.calendar)));
    // Named for the day the list is seen from: today in Viet Nam unless `asOf` says otherwise.
    return csvDownload({ name: 'nhiem-vu', day: asOf, header, rows, truncated, cap: maxRows });
  },
);
