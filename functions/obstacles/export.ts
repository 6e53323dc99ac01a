import { obstacleDeps } from '#functions/deps/obstacles.ts';
import { today } from '#functions/deps/table.ts';
import { functions } from '#functions/manifest.ts';
import {
  categoryLabels,
  formatLocalTime,
  measureLabels,
  severityLabels,
  statusLabels,
} from '#shared/domain/labels.ts';
import { effectiveFilter, listObstacles } from '#shared/domain/obstacles.ts';
import { drainUpTo } from '#shared/domain/paging.ts';
import { csvDownload } from '#shared/http/csv.ts';
import { httpHandler } from '#shared/http/handler.ts';
import type { Obstacle } from '#shared/schemas/obstacles.ts';
import { exportObstaclesContract } from '#shared/schemas/obstacles.ts';

/**
 * API Gateway HTTP APIs cannot stream a Lambda response, so the export is built page by
 * page and sent whole; the cap keeps it far below Lambda's 6 MB response limit.
 */
const maxRows = 10_000;

const header = [
  'Mã',
  'Xã/phường',
  'Lĩnh vực',
  'Tiêu đề',
  'Mức độ',
  'Trạng thái',
  'Đại lượng',
  'Số lượng',
  'Chi tiết',
  'Ngày báo cáo',
  'Cập nhật',
  'Mô tả',
];

function row(o: Obstacle) {
  return [
    o.id,
    o.unitName,
    categoryLabels[o.category],
    o.title,
    severityLabels[o.severity],
    statusLabels[o.status],
    o.quantity ? measureLabels[o.quantity.measure] : undefined,
    o.quantity?.total,
    o.quantity?.lines?.map((line) => `${line.label}: ${line.amount}`).join('; '),
    formatLocalTime(o.createdAt),
    formatLocalTime(o.updatedAt),
    o.description,
  ];
}

export const handler = httpHandler(
  functions.exportObstacles,
  exportObstaclesContract,
  async ({ query, caller }) => {
    const filter = effectiveFilter(query, caller);
    const { items, truncated } = filter
      ? await drainUpTo(
          (after) => listObstacles(filter, { after, limit: 100 }, obstacleDeps),
          maxRows,
        )
      : { items: [], truncated: false };
    const day = today();
    const rows = items.map(row);
    return csvDownload({ name: 'vuong-mac', day, header, rows, truncated, cap: maxRows });
  },
);
