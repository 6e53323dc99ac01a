import type { Digest } from '#shared/schemas/digests.ts';
import { PagedList, usePaged } from '../../components/paged.tsx';
import { Loading, ReadFailure } from '../../components/ui.tsx';
import { formatDate } from '../../lib/format.ts';
import { useResource } from '../../lib/resource.ts';

const kindLabels = {
  'end-of-day': 'Cuối ngày',
  escalation: 'Cảnh báo quá hạn',
  weekly: 'Hằng tuần',
} as const;

export function DigestList() {
  const list = usePaged<Digest>('/digests', {});
  return (
    <>
      <h1>Bản tin tổng hợp</h1>
      <PagedList list={list} empty="Chưa có bản tin nào.">
        {(d) => (
          <li key={d.id}>
            <a class="title" href={`/digests/${d.id}`}>
              {d.subject}
            </a>
            <div class="meta">
              <span>{kindLabels[d.kind]}</span>
              <span>{formatDate(d.period)}</span>
              <span>{d.recipient.name}</span>
            </div>
          </li>
        )}
      </PagedList>
    </>
  );
}

export function DigestPage({ id }: { id: string }) {
  const digest = useResource<Digest>(`/digests/${id}`);
  if (digest.error && !digest.data) return <ReadFailure error={digest.error} />;
  const d = digest.data;
  if (!d) return <Loading />;
  return (
    <>
      <h1>{d.subject}</h1>
      <p class="hint">Gửi {d.recipient.name}</p>
      {d.sections.map((s) => (
        <section key={s.title}>
          <h2>{s.title}</h2>
          <ul>
            {s.lines.map((l) => (
              <li key={l.text}>{l.link ? <a href={l.link}>{l.text}</a> : l.text}</li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
