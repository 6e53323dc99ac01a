import type { DossierReport } from '#shared/schemas/dossiers.ts';
import type { Obstacle } from '#shared/schemas/obstacles.ts';
import type { TaskView } from '#shared/schemas/tasks.ts';
import type { Unit } from '#shared/schemas/units.ts';
import type { Visit } from '#shared/schemas/visits.ts';
import {
  Card,
  Cards,
  ObstacleItem,
  openObstacleStatuses,
  openTaskStatuses,
  TaskItem,
} from '../../components/items.tsx';
import { Loading, ProblemNotice } from '../../components/ui.tsx';
import type { Session } from '../../lib/auth/port.ts';
import { byVietnamese, formatDate, today } from '../../lib/format.ts';
import { useResource } from '../../lib/resource.ts';
import { useCaller } from '../../lib/session.tsx';

type Page<T> = { items: T[]; nextCursor?: string };

function Section({
  title,
  count,
  children,
}: {
  title: string;
  count?: number;
  children: preact.ComponentChildren;
}) {
  const id = `s-${title.replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {title}
        {count !== undefined ? ` (${count})` : ''}
      </h2>
      {children}
    </section>
  );
}

/**
 * A home shows once its reads are all in: sections that filled in one by one pushed what
 * was below them down the screen (layout shift) as each answer came.
 */
function stillLoading(...reads: { loading: boolean; data?: unknown; error?: unknown }[]): boolean {
  return reads.some((r) => r.loading && r.data === undefined && !r.error);
}

function Waiting({ title }: { title: string }) {
  return (
    <>
      <h1>{title}</h1>
      <Loading />
    </>
  );
}

function CommuneHome({ caller }: { caller: Session }) {
  const unitId = caller.unitId ?? '';
  const day = today();
  const obstacles = useResource<Page<Obstacle>>('/obstacles', { unitId, limit: 100 });
  const tasks = useResource<Page<TaskView>>('/tasks', { assignee: `unit:${unitId}`, limit: 100 });
  const reports = useResource<{ items: DossierReport[] }>(`/units/${unitId}/dossier-reports`, {
    from: day,
    to: day,
  });
  const open = (obstacles.data?.items ?? []).filter((o) => openObstacleStatuses.includes(o.status));
  const openTasks = (tasks.data?.items ?? [])
    .filter((t) => openTaskStatuses.includes(t.status))
    .sort((a, b) => a.currentDue.localeCompare(b.currentDue));
  const reported = reports.data?.items.some((r) => r.date === day);
  if (stillLoading(obstacles, tasks, reports)) return <Waiting title={caller.name} />;
  return (
    <>
      <h1>{caller.name}</h1>
      <div class={`notice${reports.data ? (reported ? ' ok' : ' bad') : ''}`}>
        {reports.loading ? (
          <p>Đang kiểm tra số liệu hồ sơ hôm nay…</p>
        ) : (
          <p>
            {reported
              ? `Đã gửi số liệu hồ sơ hôm nay (${formatDate(day)}).`
              : `Chưa gửi số liệu hồ sơ hôm nay (${formatDate(day)}).`}{' '}
            <a href="/dossier">{reported ? 'Xem hoặc sửa số liệu' : 'Gửi số liệu cuối ngày'}</a>
          </p>
        )}
      </div>
      <div class="actions">
        <a class="button" href="/obstacles/new">
          Báo cáo khó khăn
        </a>
      </div>
      <Section title="Nhiệm vụ được giao" count={tasks.data ? openTasks.length : undefined}>
        <Cards read={tasks} items={openTasks} empty="Không có nhiệm vụ đang mở.">
          {(t) => <TaskItem key={t.id} task={t} />}
        </Cards>
      </Section>
      <Section title="Khó khăn đang theo dõi" count={obstacles.data ? open.length : undefined}>
        <Cards read={obstacles} items={open} empty="Không có khó khăn đang mở.">
          {(o) => <ObstacleItem key={o.id} obstacle={o} />}
        </Cards>
      </Section>
    </>
  );
}

function OfficeHome({ caller }: { caller: Session }) {
  const orgId = caller.orgId ?? '';
  const toAcknowledge = useResource<Page<Obstacle>>('/obstacles', {
    status: 'reported',
    limit: 50,
  });
  const toVerify = useResource<Page<Obstacle>>('/obstacles', {
    status: 'resolution_proposed',
    limit: 50,
  });
  const tasks = useResource<Page<TaskView>>('/tasks', { limit: 100 });
  const all = tasks.data?.items ?? [];
  const ours = all.filter(
    (t) =>
      openTaskStatuses.includes(t.status) &&
      t.assignees.some((a) => a.kind === 'org' && a.id === orgId),
  );
  const assignedByUs = all.filter((t) => t.assigner.orgId === orgId);
  const extensions = assignedByUs.filter((t) =>
    t.extensionRequests.some((r) => r.status === 'pending'),
  );
  const done = assignedByUs.filter((t) => t.status === 'done');
  if (stillLoading(toAcknowledge, toVerify, tasks)) return <Waiting title="Việc cần xử lý" />;
  const list = (resource: typeof toAcknowledge, empty: string) => (
    <Cards read={resource} items={resource.data?.items ?? []} empty={empty}>
      {(o) => <ObstacleItem key={o.id} obstacle={o} showUnit />}
    </Cards>
  );
  // The tasks' refusal is shown once, above the three sections they fill.
  const taskList = (items: TaskView[], empty: string) => (
    <Cards read={{ loading: tasks.loading, data: tasks.data }} items={items} empty={empty}>
      {(t) => <TaskItem key={t.id} task={t} />}
    </Cards>
  );
  return (
    <>
      <h1>Việc cần xử lý</h1>
      <p>{caller.name}</p>
      {tasks.error ? <ProblemNotice error={tasks.error} /> : null}
      <Section title="Khó khăn mới cần tiếp nhận" count={toAcknowledge.data?.items.length}>
        {list(toAcknowledge, 'Không có khó khăn mới.')}
      </Section>
      <Section title="Đề nghị xác nhận đã tháo gỡ" count={toVerify.data?.items.length}>
        {list(toVerify, 'Không có đề nghị nào chờ xác nhận.')}
      </Section>
      <Section
        title="Đề nghị gia hạn chờ quyết định"
        count={tasks.data ? extensions.length : undefined}
      >
        {taskList(extensions, 'Không có đề nghị gia hạn.')}
      </Section>
      <Section
        title="Nhiệm vụ đã giao, báo cáo hoàn thành"
        count={tasks.data ? done.length : undefined}
      >
        {taskList(done, 'Chưa có nhiệm vụ nào báo hoàn thành.')}
      </Section>
      <Section title="Nhiệm vụ của cơ quan" count={tasks.data ? ours.length : undefined}>
        {taskList(ours, 'Cơ quan không có nhiệm vụ đang mở.')}
      </Section>
    </>
  );
}

function DelegationHome({ caller }: { caller: Session }) {
  const visits = useResource<Page<Visit>>('/visits', { limit: 10 });
  const units = useResource<{ items: Unit[] }>('/units');
  const tasks = useResource<Page<TaskView>>('/tasks', { status: 'done', limit: 100 });
  const toVerify = (tasks.data?.items ?? []).filter(
    (t) => t.assigner.leaderId !== undefined && caller.leaderIds.includes(t.assigner.leaderId),
  );
  if (stillLoading(visits, units, tasks)) return <Waiting title="Đoàn kiểm tra" />;
  return (
    <>
      <h1>Đoàn kiểm tra</h1>
      <p>{caller.name}</p>
      <div class="actions">
        <a class="button" href="/visits/new">
          Ghi chuyến kiểm tra
        </a>
      </div>
      <Section
        title="Nhiệm vụ báo hoàn thành, chờ xác nhận"
        count={tasks.data ? toVerify.length : undefined}
      >
        <Cards read={tasks} items={toVerify} empty="Không có nhiệm vụ chờ xác nhận.">
          {(t) => <TaskItem key={t.id} task={t} />}
        </Cards>
      </Section>
      <Section title="Chuyến kiểm tra gần đây">
        <Cards read={visits} items={visits.data?.items ?? []}>
          {(v) => (
            <Card
              key={v.id}
              href={`/visits/${v.id}`}
              title={`${formatDate(v.date)}: ${v.units.map((u) => u.name).join(', ')}`}
            >
              {v.leaders.map((l) => l.name).join(', ')}
            </Card>
          )}
        </Cards>
      </Section>
      <Section title="Xã, phường: tóm tắt trước chuyến kiểm tra">
        <Cards
          read={{ loading: units.loading }}
          items={[...(units.data?.items ?? [])].sort(byVietnamese((u) => u.name))}
        >
          {(u) => <Card key={u.id} href={`/units/${u.id}`} title={u.name} />}
        </Cards>
      </Section>
    </>
  );
}

export function Home() {
  const caller = useCaller();
  if (caller.role === 'commune') return <CommuneHome caller={caller} />;
  if (caller.role === 'city-office') return <OfficeHome caller={caller} />;
  return <DelegationHome caller={caller} />;
}
