import type { Digest } from '#shared/schemas/digests.ts';
import { Card } from '../../components/items.tsx';
import { PagedList, usePaged } from '../../components/paged.tsx';
import { Unread } from '../../components/ui.tsx';
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
          <Card key={d.id} href={`/digests/${d.id}`} title={d.subject}>
            <span>{kindLabels[d.kind]}</span>
            <span>{formatDate(d.period)}</span>
            <span>{d.recipient.name}</span>
          </Card>
        )}
      </PagedList>
    </>
  );
}

export function DigestPage({ id }: { id: string }) {
  const digest = useResource<Digest>(`/digests/${id}`);
  const d = digest.data;
  if (!d) return <Unread read={digest} />;
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
