import { useState } from 'preact/hooks';
import { taskStatusLabels } from '#shared/domain/labels.ts';
import { taskMachine } from '#shared/domain/tasks/machine.ts';
import { assignmentOf, isAssignerOf } from '#shared/domain/visibility.ts';
import {
  CommentInput,
  ExtensionRequestInput,
  type TaskAction,
  type TaskEvent,
  type TaskView,
} from '#shared/schemas/tasks.ts';
import * as z from '#shared/schemas/zod.ts';
import { Attachments } from '../../components/attachments.tsx';
import { History, useItemWithHistory } from '../../components/history.tsx';
import { DueTag, TaskStatusTag } from '../../components/items.tsx';
import { SavedOnPhone } from '../../components/outbox-status.tsx';
import { type ActionSpec, TransitionPanel } from '../../components/transitions.tsx';
import {
  DateField,
  Detail,
  dateFormatError,
  ProblemNotice,
  TextArea,
  Unread,
  useDraft,
} from '../../components/ui.tsx';
import { ApiError, api, newIdempotencyKey } from '../../lib/api.ts';
import type { Session } from '../../lib/auth/port.ts';
import { formatDate, parseDate } from '../../lib/format.ts';
import { submit as submitChange } from '../../lib/outbox/index.ts';
import type { Resource } from '../../lib/resource.ts';
import { useCaller } from '../../lib/session.tsx';
import { useSubmit } from '../../lib/submit.ts';
import { check } from '../../lib/validation.ts';

const actionLabels: Record<TaskAction, string> = {
  start: 'Bắt đầu thực hiện',
  complete: 'Báo cáo hoàn thành',
  verify: 'Xác nhận hoàn thành',
  return: 'Chưa đạt, trả lại',
  cancel: 'Hủy nhiệm vụ',
};

const eventLabels: Record<string, string> = {
  ...actionLabels,
  assign: 'Giao nhiệm vụ',
  attach: 'Thêm ảnh, tài liệu minh chứng',
  comment: 'Ý kiến',
  record_part: 'Phần việc phối hợp',
  request_extension: 'Đề nghị gia hạn',
  approve_extension: 'Đồng ý gia hạn',
  reject_extension: 'Không đồng ý gia hạn',
  escalate: 'Cảnh báo quá hạn',
};

function callerOf(session: Session) {
  return { ...session, leaderIds: session.leaderIds };
}

function ExtensionForm({ task }: { task: Resource<TaskView> }) {
  const { errors, problem, submit: send } = useSubmit();
  const { draft, field } = useDraft({ requestedDue: '', reason: '' }, errors);
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" class="secondary" onClick={() => setOpen(true)}>
        Đề nghị gia hạn
      </button>
    );
  const submit = async (e: Event) => {
    e.preventDefault();
    const iso = parseDate(draft.requestedDue);
    await send(
      z.built(ExtensionRequestInput),
      { ...draft, requestedDue: iso ?? draft.requestedDue },
      async (value) => {
        try {
          const reply = await api.post<TaskView>(`/tasks/${task.data?.id}/extension-requests`, {
            body: value,
            ifMatch: task.etag,
          });
          task.set(reply.data, reply.etag);
          setOpen(false);
        } catch (error) {
          if (error instanceof ApiError && error.status === 412) task.reload();
          throw error;
        }
      },
      iso ? {} : { requestedDue: dateFormatError },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <h2>Đề nghị gia hạn</h2>
      <ProblemNotice error={problem} />
      <DateField {...field('requestedDue')} label="Hạn mới đề nghị" hint="Ví dụ: 25/07/2025" />
      <TextArea {...field('reason')} label="Lý do" />
      <div class="actions">
        <button type="submit">Gửi đề nghị gia hạn</button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>
          Hủy
        </button>
      </div>
    </form>
  );
}

function Decision({ task, requestId }: { task: Resource<TaskView>; requestId: string }) {
  const [problem, setProblem] = useState<unknown>();
  const decide = async (decision: 'approve' | 'reject') => {
    try {
      const reply = await api.post<TaskView>(
        `/tasks/${task.data?.id}/extension-requests/${requestId}/decision`,
        {
          body: { decision },
          ifMatch: task.etag,
        },
      );
      task.set(reply.data, reply.etag);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) task.reload();
      setProblem(error);
    }
  };
  return (
    <>
      <ProblemNotice error={problem} />
      <div class="actions">
        <button type="button" onClick={() => void decide('approve')}>
          Đồng ý gia hạn
        </button>
        <button type="button" class="secondary" onClick={() => void decide('reject')}>
          Không đồng ý
        </button>
      </div>
    </>
  );
}

function CommentForm({
  taskId,
  coordinator,
  onDone,
}: {
  taskId: string;
  coordinator: boolean;
  onDone: () => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [problem, setProblem] = useState<unknown>();
  const [key, setKey] = useState(newIdempotencyKey);
  const [onPhone, setOnPhone] = useState(false);
  const send = async (kind: 'comment' | 'part') => {
    const checked = check(z.built(CommentInput), { text, kind });
    if (!checked.ok) {
      setError(checked.errors.text);
      return;
    }
    setError(undefined);
    setProblem(undefined);
    setOnPhone(false);
    try {
      const reply = await submitChange({
        kind: 'comment',
        label: `Ý kiến: ${checked.value.text.slice(0, 80)}`,
        path: `/tasks/${taskId}/comments`,
        method: 'POST',
        body: checked.value,
        idempotencyKey: key,
      });
      setText('');
      setKey(newIdempotencyKey());
      if (reply.sent) onDone();
      else setOnPhone(true);
    } catch (e) {
      setProblem(e);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void send('comment');
      }}
      noValidate
    >
      <ProblemNotice error={problem} />
      {onPhone ? <SavedOnPhone /> : null}
      <TextArea name="text" label="Ý kiến" rows={3} value={text} onInput={setText} error={error} />
      <div class="actions">
        <button type="submit" class="secondary">
          Gửi ý kiến
        </button>
        {coordinator ? (
          <button type="button" class="secondary" onClick={() => void send('part')}>
            Ghi phần việc phối hợp
          </button>
        ) : null}
      </div>
    </form>
  );
}

export function TaskPage({ id }: { id: string }) {
  const session = useCaller();
  const { item: task, history } = useItemWithHistory<TaskView, TaskEvent>(`/tasks/${id}`);
  const t = task.data;
  if (!t) return <Unread read={task} />;
  const caller = callerOf(session);
  const mine = assignmentOf(caller, t);
  const isLead = mine?.role === 'lead';
  const isAssigner = isAssignerOf(caller, t);
  const actions: ActionSpec[] = (Object.keys(taskMachine) as TaskAction[])
    .filter((action) => {
      const rule = taskMachine[action];
      if (!rule.from.includes(t.status)) return false;
      return rule.side === 'lead' ? isLead : isAssigner;
    })
    .map((action) => ({
      action,
      label: actionLabels[action],
      needs: taskMachine[action].requires,
      tone: action === 'cancel' ? 'warning' : action === 'return' ? 'secondary' : undefined,
    }));
  const names = (role: 'lead' | 'coordinator') =>
    t.assignees
      .filter((a) => a.role === role)
      .map((a) => a.name)
      .join(', ');
  const coordinators = names('coordinator');
  const pending = t.extensionRequests.find((r) => r.status === 'pending');
  const open = t.status === 'assigned' || t.status === 'in_progress';
  return (
    <>
      <h1>{t.title}</h1>
      <p class="meta">
        <TaskStatusTag status={t.status} />
        <DueTag task={t} />
      </p>
      <dl class="summary">
        <dt>Nội dung</dt>
        <dd>{t.description}</dd>
        <dt>Hạn</dt>
        <dd>
          {formatDate(t.currentDue)}
          {t.currentDue !== t.originalDue ? ` (hạn đầu: ${formatDate(t.originalDue)})` : ''}
        </dd>
        <dt>Giao ngày</dt>
        <dd>{formatDate(t.assignedOn)}</dd>
        <dt>Người giao</dt>
        <dd>{t.assigner.leaderName ?? t.assigner.orgName}</dd>
        <dt>Chủ trì</dt>
        <dd>{names('lead')}</dd>
        {coordinators ? <Detail term="Phối hợp">{coordinators}</Detail> : null}
        {t.completionNote ? <Detail term="Kết quả">{t.completionNote}</Detail> : null}
        {t.links.visitId ? (
          <Detail term="Chuyến kiểm tra">
            <a href={`/visits/${t.links.visitId}`}>Xem chuyến kiểm tra</a>
          </Detail>
        ) : null}
        {t.links.obstacleIds.length ? (
          <Detail term="Khó khăn liên quan">
            {t.links.obstacleIds.map((o, i) => (
              <a key={o} href={`/obstacles/${o}`}>
                {i ? ', ' : ''}Khó khăn {i + 1}
              </a>
            ))}
          </Detail>
        ) : null}
      </dl>
      {pending ? (
        <div class="notice">
          <p>
            <strong>Đề nghị gia hạn đến {formatDate(pending.requestedDue)}</strong> (
            {pending.requestedBy.name}): {pending.reason}
          </p>
          {isAssigner ? (
            <Decision task={task} requestId={pending.id} />
          ) : (
            <p>Đang chờ người giao quyết định.</p>
          )}
        </div>
      ) : null}
      <Attachments itemPath={`/tasks/${id}`} canAdd={Boolean(mine) && open} />
      <TransitionPanel
        path={`/tasks/${id}/transitions`}
        resource={task}
        actions={actions}
        onDone={history.reload}
      />
      {isLead && open && !pending ? <ExtensionForm task={task} /> : null}
      {mine || isAssigner ? (
        <CommentForm
          taskId={id}
          coordinator={mine?.role === 'coordinator'}
          onDone={history.reload}
        />
      ) : null}
      <History
        read={history}
        labels={eventLabels}
        stateOf={(e) => e.to && taskStatusLabels[e.to]}
        keyOf={(e) => e.id}
      />
    </>
  );
}
