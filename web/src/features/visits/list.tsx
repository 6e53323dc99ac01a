import type { Visit } from '#shared/schemas/visits.ts';
import { Empty } from '../../components/items.tsx';
import { Loading, ProblemNotice } from '../../components/ui.tsx';
import { formatDate } from '../../lib/format.ts';
import { usePaged } from '../obstacles/list.tsx';

export function VisitList() {
  const list = usePaged<Visit>('/visits', {});
  return (
    <>
      <h1>Chuyến kiểm tra</h1>
      <div class="actions">
        <a class="button" href="/visits/new">
          Ghi chuyến kiểm tra
        </a>
      </div>
      <ProblemNotice error={list.first.error ?? list.error} />
      {list.first.loading ? <Loading /> : null}
      {list.first.data && !list.items.length ? <Empty>Chưa có chuyến kiểm tra nào.</Empty> : null}
      <ul class="cards">
        {list.items.map((v) => (
          <li key={v.id}>
            <a class="title" href={`/visits/${v.id}`}>
              {formatDate(v.date)}: {v.units.map((u) => u.name).join(', ')}
            </a>
            <div class="meta">
              <span>{v.leaders.map((l) => l.name).join(', ')}</span>
              <span>{v.purpose}</span>
            </div>
          </li>
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
