import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  confirmSignOut,
  draftText,
  OfflineBanner,
  OutboxPanel,
  OutboxStatus,
  outboxSummary,
  withField,
} from '../../src/components/outbox-status.tsx';
import { NetworkError } from '../../src/lib/api.ts';
import { readKey, showingCached } from '../../src/lib/offline-cache.ts';
import { outbox } from '../../src/lib/outbox/index.ts';
import type { OutboxEntry } from '../../src/lib/outbox/types.ts';

const original = globalThis.fetch;

beforeEach(async () => {
  // No network: what is enqueued stays queued.
  globalThis.fetch = (async () => {
    throw new NetworkError();
  }) as typeof fetch;
  Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
  await outbox.clear();
  // happy-dom has no dialogs: the user's answer is the test's.
  window.confirm = vi.fn(() => false);
});

afterEach(() => {
  cleanup();
  globalThis.fetch = original;
  Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
  vi.restoreAllMocks();
});

const base = { attempts: 0, nextAttemptAt: 0, createdAt: 0, idempotencyKey: 'k', method: 'POST' };

/** A comment on a task, written on the phone. */
const comment = (text: string, label = 'Ý kiến về nhiệm vụ') =>
  outbox.enqueue({
    kind: 'comment',
    path: '/tasks/T1/comments',
    method: 'POST',
    label,
    body: { text },
  });

describe('what the user sees of the outbox', () => {
  it('counts what waits and what was refused', () => {
    const entries = [
      { ...base, id: 'a', state: 'queued' },
      { ...base, id: 'b', state: 'sending' },
      { ...base, id: 'c', state: 'refused' },
      { ...base, id: 'd', state: 'sent' },
    ] as OutboxEntry[];
    expect(outboxSummary(entries)).toBe('2 mục chờ gửi, 1 mục không gửi được');
    expect(outboxSummary([])).toBe('');
  });

  it('shows the text as written', () => {
    expect(
      draftText({
        kind: 'concern',
        text: 'Trụ sở xuống cấp',
        unitId: 'an-lao',
        obstacle: { title: 'Trụ sở', description: ' ', category: 'facilities' },
        tasks: [{ dueInWorkingDays: 5 }],
      }),
    ).toEqual(['Trụ sở xuống cấp', 'Trụ sở']);
  });

  it('says "1 mục chờ gửi" in the header once a change waits, and lists it with its text', async () => {
    render(
      <>
        <OutboxStatus signedIn={false} />
        <OutboxPanel signedIn={false} />
      </>,
    );
    expect(screen.getByRole('status').textContent).toBe('');
    await comment('Đã liên hệ sở');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('1 mục chờ gửi'));
    expect(screen.getByText('Đã liên hệ sở')).toBeTruthy();
    expect(screen.getByText('Chờ gửi')).toBeTruthy();
  });

  it('discards an entry only after the user confirms', async () => {
    render(<OutboxPanel signedIn={false} />);
    await outbox.enqueue({
      kind: 'obstacle',
      path: '/obstacles',
      method: 'POST',
      label: 'Báo cáo',
    });
    const button = await screen.findByRole('button', { name: 'Bỏ mục này' });
    const confirm = vi.mocked(window.confirm).mockReturnValueOnce(false);
    fireEvent.click(button);
    expect(confirm).toHaveBeenCalledOnce();
    expect(outbox.entries).toHaveLength(1);
    confirm.mockReturnValueOnce(true);
    fireEvent.click(button);
    await waitFor(() => expect(outbox.entries).toHaveLength(0));
  });

  it('sets one written field of a body and leaves the rest as it was', () => {
    const body = { kind: 'directive', tasks: [{ title: 'Cũ', dueInWorkingDays: 5 }] };
    expect(withField(body, ['tasks', 0, 'title'], 'Mới')).toEqual({
      kind: 'directive',
      tasks: [{ title: 'Mới', dueInWorkingDays: 5 }],
    });
    expect(body.tasks[0]?.title).toBe('Cũ');
  });

  it("lets a refused entry be corrected and sent again, under a new key, and marks another user's entry", async () => {
    const sent: { body: unknown; key: string }[] = [];
    let status = 400;
    globalThis.fetch = (async (_url: string, init: RequestInit) => {
      sent.push({
        body: JSON.parse(String(init.body)),
        key: (init.headers as Record<string, string>)['Idempotency-Key'] ?? '',
      });
      const answer =
        status === 400
          ? { type: 'about:blank', title: 'Validation failed', status, detail: 'Tiêu đề chưa rõ' }
          : { id: 'OBS-3' };
      return new Response(JSON.stringify(answer), { status });
    }) as typeof fetch;
    Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
    outbox.setOwner('sub-an-phu');
    await outbox.enqueue({
      kind: 'obstacle',
      path: '/obstacles',
      method: 'POST',
      label: 'Báo cáo',
      body: { category: 'roads', title: 'Đường', description: 'Sụt lún 300 m' },
    });
    await outbox.drain();
    render(<OutboxPanel signedIn={false} />);
    expect(await screen.findByText('Tiêu đề chưa rõ')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sửa và gửi lại' }));
    const [title] = screen.getAllByRole('textbox') as HTMLTextAreaElement[];
    expect(title?.value).toBe('Đường');
    fireEvent.input(title as HTMLTextAreaElement, { target: { value: 'Đường liên xã sụt lún' } });
    status = 201;
    fireEvent.click(screen.getByRole('button', { name: 'Gửi lại' }));
    await waitFor(() => expect(outbox.entries[0]?.state).toBe('sent'));
    expect(sent).toHaveLength(2);
    expect(sent[1]?.body).toEqual({
      category: 'roads',
      title: 'Đường liên xã sụt lún',
      description: 'Sụt lún 300 m',
    });
    expect(sent[1]?.key).not.toBe(sent[0]?.key);

    // Signed in as someone else, the first user's waiting entry is marked and not sent.
    status = 400;
    await comment('Chờ', 'Ý kiến');
    outbox.setOwner('sub-ai-quoc');
    await outbox.drain();
    expect(await screen.findByText('Của tài khoản khác')).toBeTruthy();
    expect(sent).toHaveLength(2);
    outbox.setOwner(undefined);
  });

  it('asks before signing out while something is not sent, and keeps it when the user says no', async () => {
    await outbox.enqueue({
      kind: 'obstacle',
      path: '/obstacles',
      method: 'POST',
      label: 'Báo cáo',
    });
    const confirm = vi.mocked(window.confirm).mockReturnValueOnce(false);
    expect(await confirmSignOut()).toBe(false);
    expect(confirm.mock.calls[0]?.[0]).toMatch(/Còn 1 mục chưa gửi/);
    expect(outbox.entries).toHaveLength(1);
    confirm.mockReturnValueOnce(true);
    expect(await confirmSignOut()).toBe(true);
    expect(outbox.entries).toHaveLength(0);
  });

  it('signs out without asking when nothing waits', async () => {
    const confirm = vi.mocked(window.confirm);
    expect(await confirmSignOut()).toBe(true);
    expect(confirm).not.toHaveBeenCalled();
  });
});

describe('the read cache', () => {
  it('keys a read by its path and query, whatever the order of the query', () => {
    expect(readKey('/obstacles', { status: 'open', limit: 20, cursor: undefined })).toBe(
      readKey('/obstacles', { limit: 20, status: 'open' }),
    );
    expect(readKey('/obstacles', { limit: 20, status: 'open' })).toBe(
      '/obstacles?limit=20&status=open',
    );
    expect(readKey('/units')).toBe('/units');
  });
});

describe('the offline banner', () => {
  it('says from when the oldest answer on show is, in Viet Nam time, and goes once it is fresh', async () => {
    const list = Symbol('list');
    const item = Symbol('item');
    render(<OfflineBanner />);
    expect(screen.queryByRole('status')).toBeNull();
    showingCached(list, Date.UTC(2025, 6, 4, 2, 30));
    showingCached(item, Date.UTC(2025, 6, 4, 3, 0));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'Dữ liệu lúc 09:30 04/07/2025 (đang ngoại tuyến)',
      ),
    );
    showingCached(list, undefined);
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'Dữ liệu lúc 10:00 04/07/2025 (đang ngoại tuyến)',
      ),
    );
    showingCached(item, undefined);
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
  });
});
