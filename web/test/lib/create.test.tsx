/** A new item from a screen: sent under one key, opened once the server has it, re-keyed when kept. */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { LocationProvider, useLocation } from 'preact-iso';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useCreate } from '../../src/lib/create.ts';
import { submit } from '../../src/lib/outbox/index.ts';

vi.mock('../../src/lib/outbox/index.ts', () => ({ submit: vi.fn() }));
const sent = vi.mocked(submit);

beforeEach(() => {
  history.replaceState(null, '', '/visits/new');
});

afterEach(() => {
  cleanup();
  sent.mockReset();
});

function Screen() {
  const { saved, create } = useCreate('visit', '/visits');
  const { path } = useLocation();
  return (
    <>
      <button
        type="button"
        onClick={() => create('Chuyến kiểm tra', { purpose: 'x' }).catch(() => undefined)}
      >
        Lưu
      </button>
      <p>{saved ? 'Đã lưu trên máy' : 'Chưa lưu'}</p>
      <p>ở {path}</p>
    </>
  );
}

const keys = () => sent.mock.calls.map(([entry]) => entry.idempotencyKey);

describe('a new item', () => {
  it('is sent again under the same key after a refusal, and its page opens once the server has it', async () => {
    // Refused (the sign-in had expired): the same visit, sent again, keeps its key.
    sent.mockRejectedValueOnce(new Error('Cần đăng nhập lại'));
    sent.mockResolvedValueOnce({ sent: true, data: { id: 'V1' } });
    render(
      <LocationProvider>
        <Screen />
      </LocationProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await screen.findByText('ở /visits/V1');
    expect(keys()[0]).toBe(keys()[1]);
    expect(sent.mock.calls[0]?.[0]).toMatchObject({
      kind: 'visit',
      label: 'Chuyến kiểm tra',
      path: '/visits',
      method: 'POST',
      body: { purpose: 'x' },
    });
  });

  it('kept on the phone, says so, and the next one written there gets a key of its own', async () => {
    sent.mockResolvedValue({ sent: false });
    render(
      <LocationProvider>
        <Screen />
      </LocationProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await screen.findByText('Đã lưu trên máy');
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(sent).toHaveBeenCalledTimes(2));
    expect(keys()[0]).not.toBe(keys()[1]);
    expect(screen.getByText(/^ở /).textContent).toBe('ở /visits/new');
  });
});
