import {
  categoryLabels,
  measureLabels,
  severityLabels,
  statusLabels,
} from '#shared/domain/labels.ts';
import { closedStatuses, obstacleMachine } from '#shared/domain/obstacles.ts';
import type { Obstacle, ObstacleAction, ObstacleEvent } from '#shared/schemas/obstacles.ts';
import { Attachments } from '../../components/attachments.tsx';
import { History, useItemWithHistory } from '../../components/history.tsx';
import { ObstacleStatusTag } from '../../components/items.tsx';
import { type ActionSpec, TransitionPanel } from '../../components/transitions.tsx';
import { Detail, Unread } from '../../components/ui.tsx';
import { formatInstant } from '../../lib/format.ts';
import { useCaller } from '../../lib/session.tsx';

const actionLabels: Record<ObstacleAction, string> = {
  acknowledge: 'Tiếp nhận',
  start: 'Bắt đầu xử lý',
  propose_resolution: 'Đề nghị xác nhận đã tháo gỡ',
  verify: 'Xác nhận đã tháo gỡ',
  reopen: 'Chưa đạt, mở lại',
  withdraw: 'Rút khó khăn',
};

const eventLabels: Record<string, string> = {
  attach: 'Thêm ảnh, tài liệu minh chứng',
  ...actionLabels,
  report: 'Báo cáo',
  escalate: 'Cảnh báo quá hạn',
};

export function ObstaclePage({ id }: { id: string }) {
  const caller = useCaller();
  const { item: obstacle, history } = useItemWithHistory<Obstacle, ObstacleEvent>(
    `/obstacles/${id}`,
  );
  const o = obstacle.data;
  if (!o) return <Unread read={obstacle} />;
  const actions: ActionSpec[] = (Object.keys(obstacleMachine) as ObstacleAction[])
    .filter((action) => action !== 'withdraw')
    .filter((action) => {
      const rule = obstacleMachine[action];
      return rule.from.includes(o.status) && rule.roles.includes(caller.role);
    })
    .map((action) => ({
      action,
      label: actionLabels[action],
      needs: obstacleMachine[action].requires,
      tone: action === 'reopen' ? 'secondary' : undefined,
    }));
  return (
    <>
      <h1>{o.title}</h1>
      <p>
        <ObstacleStatusTag status={o.status} />
      </p>
      <dl class="summary">
        <dt>Xã, phường</dt>
        <dd>
          <a href={`/units/${o.unitId}`}>{o.unitName}</a>
        </dd>
        <dt>Lĩnh vực</dt>
        <dd>{categoryLabels[o.category]}</dd>
        <dt>Mức độ</dt>
        <dd>{severityLabels[o.severity]}</dd>
        {o.quantity ? (
          <Detail term="Số lượng">
            {o.quantity.total.toLocaleString('vi-VN')} ({measureLabels[o.quantity.measure]})
          </Detail>
        ) : null}
        <dt>Mô tả</dt>
        <dd>{o.description}</dd>
        {o.resolutionNote ? <Detail term="Kết quả tháo gỡ">{o.resolutionNote}</Detail> : null}
        <dt>Báo cáo</dt>
        <dd>
          {o.reportedBy.name}, {formatInstant(o.createdAt)}
        </dd>
        {o.source.visitId ? (
          <Detail term="Chuyến kiểm tra">
            <a href={`/visits/${o.source.visitId}`}>Xem chuyến kiểm tra</a>
          </Detail>
        ) : null}
      </dl>
      <Attachments
        itemPath={`/obstacles/${id}`}
        canAdd={!closedStatuses.includes(o.status) && caller.role !== 'delegation'}
      />
      <TransitionPanel
        path={`/obstacles/${id}/transitions`}
        resource={obstacle}
        actions={actions}
        onDone={history.reload}
      />
      <History
        read={history}
        labels={eventLabels}
        stateOf={(e) => statusLabels[e.to]}
        keyOf={(e) => `${e.version}`}
      />
    </>
  );
}
