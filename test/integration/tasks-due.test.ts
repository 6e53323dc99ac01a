import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Task } from '#shared/schemas/tasks.ts';
import { createTasksRepository } from '#shared/store/entities/task.ts';
import { assignedEvent, measuredTask } from '../../bench/fixtures/escalation-data.ts';
import { asDelegation, call, tokenFor } from './helpers.ts';
import { countingClient } from './measure.ts';
import { assign, testOrg } from './task-helpers.ts';

describe('overdue across Tết 2026, on a fixed clock (asOf)', () => {
  let delegation: string;
  let orgId: string;
  const due: Record<string, string> = {};

  beforeAll(async () => {
    delegation = await asDelegation();
    orgId = await testOrg('tet');
    // Thursday and Friday before Tết; Monday and Tuesday after it.
    for (const day of ['2026-02-12', '2026-02-13', '2026-02-23', '2026-02-24']) {
      const task = await assign(delegation, {
        title: `Hạn ${day}`,
        assignees: [{ kind: 'org', id: orgId }],
        assignedOn: '2026-02-02',
        dueDate: day,
        dueInWorkingDays: undefined,
      });
      due[day] = task.id;
    }
  });

  const overdueAsOf = async (asOf: string) => {
    const result = await call(`/tasks?assignee=org:${orgId}&overdue=true&asOf=${asOf}`, {
      token: delegation,
    });
    expect(result.status).toBe(200);
    return result.json.items.map((t: { currentDue: string; overdueWorkingDays: number }) => [
      t.currentDue,
      t.overdueWorkingDays,
    ]);
  };

  it('during Tết only the task due before the Friday is overdue, by one working day', async () => {
    expect(await overdueAsOf('2026-02-20')).toEqual([['2026-02-12', 1]]);
  });

  it('on the first working day after Tết the Friday task is one day overdue, the Thursday one two', async () => {
    expect(await overdueAsOf('2026-02-23')).toEqual([
      ['2026-02-12', 2],
      ['2026-02-13', 1],
    ]);
  });

  it('a day later the Monday task joins them', async () => {
    expect(await overdueAsOf('2026-02-24')).toEqual([
      ['2026-02-12', 3],
      ['2026-02-13', 2],
      ['2026-02-23', 1],
    ]);
  });

  it('on a weekend sees what the Friday before saw', async () => {
    // Friday 13 February: the Thursday task is one working day overdue, the Friday one is
    // due that day. Saturday and Sunday add no working day, so no task and no day more.
    const friday = [['2026-02-12', 1]];
    for (const day of ['2026-02-13', '2026-02-14', '2026-02-15']) {
      expect(await overdueAsOf(day), day).toEqual(friday);
    }
  });

  it('drops a task from the overdue list once it is done', async () => {
    const office = await tokenFor({ role: 'city-office', orgId, sub: `it-${orgId}` });
    const id = due['2026-02-12'] as string;
    const started = await call(`/tasks/${id}/transitions`, {
      token: office,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ action: 'start' }),
    });
    await call(`/tasks/${id}/transitions`, {
      token: office,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'if-match': started.headers.get('etag') as string,
      },
      body: JSON.stringify({ action: 'complete', note: 'Xong' }),
    });
    expect(await overdueAsOf('2026-02-24')).toEqual([
      ['2026-02-13', 2],
      ['2026-02-23', 1],
    ]);
    const before = await call(`/tasks?assignee=org:${orgId}&dueBefore=2026-02-24`, {
      token: delegation,
    });
    expect(before.json.items.map((t: { currentDue: string }) => t.currentDue)).toEqual([
      '2026-02-13',
      '2026-02-23',
    ]);
  });
});

describe('"due before D" reads what it returns, with 10,000 closed tasks in the table', () => {
  const { doc, counts, reset } = countingClient();
  const store = createTasksRepository(doc, inject('tableName'));
  const assignee = {
    kind: 'org' as const,
    id: 'it-ratio-office',
    name: 'Phòng đo lường',
    role: 'lead' as const,
  };

  const task = (i: number, status: Task['status'], currentDue: string) =>
    measuredTask(i, Date.UTC(2025, 0, 1), {
      assignees: [assignee],
      assignedOn: '2025-01-02',
      status,
      currentDue,
      escalationLevel: 0,
    });

  beforeAll(async () => {
    const closed: Task['status'][] = ['done', 'verified', 'cancelled'];
    const all: Task[] = [];
    for (let i = 0; i < 10_000; i++)
      all.push(task(i, closed[i % 3] as Task['status'], '2025-03-03'));
    for (let i = 0; i < 40; i++)
      all.push(
        task(
          20_000 + i,
          i % 2 ? 'assigned' : 'in_progress',
          `2025-03-${String(3 + (i % 20)).padStart(2, '0')}`,
        ),
      );
    const write = (t: Task) => store.create(t, assignedEvent(t), undefined);
    const started = Date.now();
    for (let i = 0; i < all.length; i += 50) {
      await Promise.all(all.slice(i, i + 50).map(write));
      if (i % 2000 === 0)
        console.info(`tasks written: ${i} (${Math.round((Date.now() - started) / 1000)} s)`);
    }
  }, 600_000);

  for (const [label, who] of [
    ['one assignee', 'org:it-ratio-office'],
    ['every assignee', '*'],
  ] as const) {
    it(`reads at most 1.1 items per item returned: ${label}`, async () => {
      reset();
      let after: string | undefined;
      let total = 0;
      do {
        const page = await store.list(
          { assignee: who, dueBefore: '2025-04-01' },
          { after, limit: 25 },
        );
        total += page.items.length;
        for (const t of page.items) expect(['assigned', 'in_progress']).toContain(t.status);
        after = page.last;
      } while (after);
      expect(total).toBeGreaterThanOrEqual(40);
      expect(counts.scans).toBe(0);
      expect(counts.scanned / total).toBeLessThanOrEqual(1.1);
      console.info(`tasks due before, ${label}: read ${counts.scanned} for ${total} returned`);
    });
  }
});
