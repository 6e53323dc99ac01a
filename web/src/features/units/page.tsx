import { categoryLabels, directiveStateLabels, statusLabels } from '#shared/domain/labels.ts';
import type { UnitBrief, UnitSummary } from '#shared/schemas/overview.ts';
import { Card, Cards } from '../../components/items.tsx';
import { Figures, Tag, Unread } from '../../components/ui.tsx';
import { formatDate, formatInstant, percent } from '../../lib/format.ts';
import { useResource } from '../../lib/resource.ts';

export function UnitPage({ unitId }: { unitId: string }) {
  const brief = useResource<UnitBrief>(`/units/${unitId}/brief`);
  const summary = useResource<UnitSummary>(`/units/${unitId}/summary`);
  const b = brief.data;
  const s = summary.data;
  if (!b) return <Unread read={brief} />;
  return (
    <>
      <h1>{b.unitName}</h1>
      <p class="hint">Tóm tắt đến ngày {formatDate(b.asOf)}</p>
      <Figures
        items={[
          [b.openObstacles.length, 'khó khăn đang mở'],
          [b.overdueTasks.length, 'nhiệm vụ quá hạn'],
          [percent(b.dossiers30Days.onTimeRate.value), 'hồ sơ đúng hạn (30 ngày)'],
          [s ? s.tasks.open : '…', 'nhiệm vụ đang mở'],
        ]}
      />
      {b.lastVisit ? (
        <p>
          Lần kiểm tra gần nhất:{' '}
          <a href={`/visits/${b.lastVisit.id}`}>{formatDate(b.lastVisit.date)}</a>
          {b.lastVisit.workingDaysSince !== undefined
            ? ` (${b.lastVisit.workingDaysSince} ngày làm việc trước)`
            : ''}
        </p>
      ) : (
        <p>Chưa có chuyến kiểm tra nào.</p>
      )}
      <h2>Chỉ đạo chưa hoàn thành</h2>
      <Cards items={b.pendingDirectives} empty="Không có chỉ đạo đang chờ.">
        {(d) => (
          <Card key={d.findingId} href={`/visits/${d.visitId}`} title={d.text}>
            <Tag tone={d.state === 'overdue' ? 'bad' : ''}>{directiveStateLabels[d.state]}</Tag>
            <span>kiểm tra ngày {formatDate(d.visitDate)}</span>
          </Card>
        )}
      </Cards>
      <h2>Nhiệm vụ quá hạn</h2>
      <Cards items={b.overdueTasks} empty="Không có nhiệm vụ quá hạn.">
        {(t) => (
          <Card key={t.id} href={`/tasks/${t.id}`} title={t.title}>
            <Tag tone="bad">quá hạn {t.overdueWorkingDays ?? '?'} ngày làm việc</Tag>
            <span>hạn {formatDate(t.currentDue)}</span>
          </Card>
        )}
      </Cards>
      <h2>Khó khăn đang mở</h2>
      <Cards items={b.openObstacles} empty="Không có khó khăn đang mở.">
        {(o) => (
          <Card key={o.id} href={`/obstacles/${o.id}`} title={o.title}>
            <span>{statusLabels[o.status]}</span>
            <span>{categoryLabels[o.category]}</span>
            <span>{formatInstant(o.createdAt)}</span>
            {o.ageWorkingDays !== undefined ? <span>{o.ageWorkingDays} ngày làm việc</span> : null}
          </Card>
        )}
      </Cards>
    </>
  );
}
