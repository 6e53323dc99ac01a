import type { Visit } from '#shared/schemas/visits.ts';
import { PagedList, usePaged } from '../../components/paged.tsx';
import { formatDate } from '../../lib/format.ts';

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
      <PagedList list={list} empty="Chưa có chuyến kiểm tra nào.">
        {(v) => (
          <li key={v.id}>
            <a class="title" href={`/visits/${v.id}`}>
              {formatDate(v.date)}: {v.units.map((u) => u.name).join(', ')}
            </a>
            <div class="meta">
              <span>{v.leaders.map((l) => l.name).join(', ')}</span>
              <span>{v.purpose}</span>
            </div>
          </li>
        )}
      </PagedList>
    </>
  );
}
