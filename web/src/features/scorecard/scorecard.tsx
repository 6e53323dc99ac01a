import { lazy } from 'preact-iso';
import type { Scorecard as ScorecardData } from '#shared/schemas/dossiers.ts';
import type { TaskStats } from '#shared/schemas/tasks.ts';
import { Figures, Loading, ProblemNotice } from '../../components/ui.tsx';
import { formatDate, percent } from '../../lib/format.ts';
import { useResource } from '../../lib/resource.ts';

// The chart code is its own chunk, loaded only on this screen.
const BarChart = lazy(() => import('./bar-chart.tsx').then((m) => m.BarChart));

export function Scorecard() {
  const card = useResource<ScorecardData>('/units/scorecard', { days: 30 });
  const stats = useResource<TaskStats>('/tasks/stats');
  const c = card.data;
  return (
    <>
      <h1>Xếp hạng xã, phường</h1>
      <ProblemNotice error={card.error ?? stats.error} />
      {stats.data ? (
        <Figures
          items={[
            [stats.data.open, 'nhiệm vụ đang mở'],
            [stats.data.overdue, 'nhiệm vụ quá hạn'],
            [percent(stats.data.onTimeRate.value), 'nhiệm vụ hoàn thành đúng hạn'],
          ]}
        />
      ) : null}
      {!c ? (
        <Loading />
      ) : (
        <>
          <p class="hint">
            Tỷ lệ hồ sơ giải quyết đúng hạn, 30 ngày từ {formatDate(c.from)} đến{' '}
            {formatDate(c.asOf)}.
          </p>
          <figure class="chart">
            <BarChart
              label="Tỷ lệ hồ sơ đúng hạn theo xã, phường (30 ngày)"
              bars={c.rows.map((r) => ({ label: r.unitName, value: r.onTimeRate.value }))}
            />
            <figcaption class="hint">
              Tỷ lệ đúng hạn 30 ngày; bảng dưới có số liệu đầy đủ.
            </figcaption>
          </figure>
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Bảng xếp hạng</caption>
              <thead>
                <tr>
                  <th scope="col">Hạng</th>
                  <th scope="col">Xã, phường</th>
                  <th scope="col">Đúng hạn</th>
                  <th scope="col">Tiếp nhận</th>
                  <th scope="col">Báo cáo đủ</th>
                </tr>
              </thead>
              <tbody>
                {c.rows.map((r) => (
                  <tr key={r.unitId}>
                    <td>{r.rank ?? '—'}</td>
                    <td>
                      <a href={`/units/${r.unitId}`}>{r.unitName}</a>
                      {r.note ? <div class="hint">{r.note}</div> : null}
                    </td>
                    <td>{percent(r.onTimeRate.value)}</td>
                    <td>{r.received.toLocaleString('vi-VN')}</td>
                    <td>{percent(r.reportingRate.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
