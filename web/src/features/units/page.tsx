import { categoryLabels, directiveStateLabels, statusLabels } from '#shared/domain/labels.ts';
import type { UnitBrief, UnitSummary } from '#shared/schemas/overview.ts';
import { Empty } from '../../components/items.tsx';
import { Figures, Loading, ReadFailure, Tag } from '../../components/ui.tsx';
import { formatDate, formatInstant, percent } from '../../lib/format.ts';
import { useResource } from '../../lib/resource.ts';

export function UnitPage({ unitId }: { unitId: string }) {
  const brief = useResource<UnitBrief>(`/units/${unitId}/brief`);
  const summary = useResource<UnitSummary>(`/units/${unitId}/summary`);
  if (brief.error && !brief.data) return <ReadFailure error={brief.error} />;
  const b = brief.data;
  const s = summary.data;
  if (!b) return <Loading />;
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
      {!b.pendingDirectives.length ? <Empty>Không có chỉ đạo đang chờ.</Empty> : null}
      <ul class="cards">
        {b.pendingDirectives.map((d) => (
          <li key={d.findingId}>
            <a class="title" href={`/visits/${d.visitId}`}>
              {d.text}
            </a>
            <div class="meta">
              <Tag tone={d.state === 'overdue' ? 'bad' : ''}>{directiveStateLabels[d.state]}</Tag>
              <span>kiểm tra ngày {formatDate(d.visitDate)}</span>
            </div>
          </li>
        ))}
      </ul>
      <h2>Nhiệm vụ quá hạn</h2>
      {!b.overdueTasks.length ? <Empty>Không có nhiệm vụ quá hạn.</Empty> : null}
      <ul class="cards">
        {b.overdueTasks.map((t) => (
          <li key={t.id}>
            <a class="title" href={`/tasks/${t.id}`}>
              {t.title}
            </a>
            <div class="meta">
              <Tag tone="bad">quá hạn {t.overdueWorkingDays ?? '?'} ngày làm việc</Tag>
              <span>hạn {formatDate(t.currentDue)}</span>
            </div>
          </li>
        ))}
      </ul>
      <h2>Khó khăn đang mở</h2>
      {!b.openObstacles.length ? <Empty>Không có khó khăn đang mở.</Empty> : null}
      <ul class="cards">
        {b.openObstacles.map((o) => (
          <li key={o.id}>
            <a class="title" href={`/obstacles/${o.id}`}>
              {o.title}
            </a>
            <div class="meta">
              <span>{statusLabels[o.status]}</span>
              <span>{categoryLabels[o.category]}</span>
              <span>{formatInstant(o.createdAt)}</span>
              {o.ageWorkingDays !== undefined ? (
                <span>{o.ageWorkingDays} ngày làm việc</span>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
