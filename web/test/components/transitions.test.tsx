import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TransitionPanel } from '../../src/components/transitions.tsx';
import { ErrorSummary } from '../../src/components/ui.tsx';
import type { Resource } from '../../src/lib/resource.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function resource(): Resource<{ status: string }> {
  return {
    data: { status: 'reported' },
    etag: '"1"',
    loading: false,
    reload: vi.fn(),
    set: vi.fn(),
  };
}

describe('changing an item', () => {
  it('on a 412 shows that someone changed it, reloads the current state and offers to redo', async () => {
    const fetch = vi.fn(
      async () =>
        new Response(JSON.stringify({ type: 'x', title: 'Precondition failed', status: 412 }), {
          status: 412,
        }),
    );
    vi.stubGlobal('fetch', fetch);
    const item = resource();
    render(
      <TransitionPanel
        path="/obstacles/1/transitions"
        resource={item}
        actions={[{ action: 'acknowledge', label: 'Tiếp nhận' }]}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Tiếp nhận' }));
    await screen.findByText('Có người đã thay đổi mục này trong lúc bạn xem');
    expect(item.reload).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Làm lại: Tiếp nhận' })).toBeTruthy();
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>)['If-Match']).toBe('"1"');
  });

  it('asks for the note an action needs before sending anything', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(
      <TransitionPanel
        path="/obstacles/1/transitions"
        resource={resource()}
        actions={[{ action: 'propose_resolution', label: 'Đề nghị xác nhận', needs: 'note' }]}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Đề nghị xác nhận' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Đề nghị xác nhận' }));
    await waitFor(() => expect(screen.getByText('Nhập nội dung đã thực hiện.')).toBeTruthy());
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('the error summary', () => {
  it('links each error to its field', () => {
    render(
      <ErrorSummary
        errors={{ 'quantity.total': 'Sai', title: 'Thiếu' }}
        labels={{ title: 'Tiêu đề' }}
      />,
    );
    const links = screen.getAllByRole('link');
    expect(links.map((l) => l.getAttribute('href'))).toEqual(['#f-quantity-total', '#f-title']);
    expect(links[1]?.textContent).toBe('Tiêu đề: Thiếu');
  });
});
