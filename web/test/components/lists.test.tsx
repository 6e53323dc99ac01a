/** The pieces the screens share: lists of cards, the filter bar's fields, a form's draft. */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Card, Cards } from '../../src/components/items.tsx';
import { FilterBar, FilterSelect, FilterText, useFilters } from '../../src/components/paged.tsx';
import { TextField, useDraft } from '../../src/components/ui.tsx';

afterEach(() => {
  cleanup();
});

const items = [{ id: 'a', title: 'Trụ sở xuống cấp' }];
const card = (item: (typeof items)[number]) => (
  <Card key={item.id} href={`/obstacles/${item.id}`} title={item.title}>
    <span>đang xử lý</span>
  </Card>
);

describe('a list of cards', () => {
  it('says there are none only once its read is in, and shows its refusal', () => {
    const { rerender } = render(
      <Cards read={{ loading: true }} items={[]} empty="Không có khó khăn.">
        {card}
      </Cards>,
    );
    expect(screen.getByRole('status').textContent).toBe('Đang tải…');
    expect(screen.queryByText('Không có khó khăn.')).toBeNull();
    rerender(
      <Cards read={{ loading: false, data: {} }} items={[]} empty="Không có khó khăn.">
        {card}
      </Cards>,
    );
    expect(screen.getByText('Không có khó khăn.')).toBeTruthy();
    rerender(
      <Cards read={{ loading: false, error: new Error('hỏng') }} items={[]} empty="Không có.">
        {card}
      </Cards>,
    );
    expect(screen.getByRole('alert').textContent).toContain('hỏng');
  });

  it('links each card by its title, with what it is below', () => {
    render(<Cards items={items}>{card}</Cards>);
    const link = screen.getByRole('link', { name: 'Trụ sở xuống cấp' });
    expect(link.getAttribute('href')).toBe('/obstacles/a');
    expect(link.closest('li')?.querySelector('.meta')?.textContent).toBe('đang xử lý');
  });
});

describe('the filter bar', () => {
  function Bar({ onQuery }: { onQuery: (query: Record<string, string | undefined>) => void }) {
    const filters = useFilters({ status: '', assignee: 'unit:an-lao', q: '' });
    onQuery(filters.query);
    return (
      <FilterBar filters={filters} csv={{ path: '/x.csv', fileName: 'x.csv' }}>
        <FilterSelect name="status" label="Trạng thái" options={[['open', 'Đang mở']]} />
        <FilterSelect
          name="assignee"
          label="Giao cho"
          options={[
            ['unit:an-lao', 'Xã, phường của tôi'],
            ['', 'Tất cả nhiệm vụ tôi được xem'],
          ]}
        />
        <FilterText name="q" label="Tìm" />
      </FilterBar>
    );
  }

  it('offers "Tất cả" first unless the options name no filter, and applies on "Lọc"', () => {
    const onQuery = vi.fn();
    render(<Bar onQuery={onQuery} />);
    const options = (name: string) =>
      [...(screen.getByLabelText(name) as HTMLSelectElement).options].map((o) => o.text);
    expect(options('Trạng thái')).toEqual(['Tất cả', 'Đang mở']);
    expect(options('Giao cho')).toEqual(['Xã, phường của tôi', 'Tất cả nhiệm vụ tôi được xem']);
    fireEvent.change(screen.getByLabelText('Trạng thái'), { target: { value: 'open' } });
    fireEvent.input(screen.getByLabelText('Tìm'), { target: { value: 'trụ sở' } });
    expect(onQuery).toHaveBeenLastCalledWith({
      status: undefined,
      assignee: 'unit:an-lao',
      q: undefined,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Lọc' }));
    expect(onQuery).toHaveBeenLastCalledWith({
      status: 'open',
      assignee: 'unit:an-lao',
      q: 'trụ sở',
    });
  });
});

describe('a form draft', () => {
  it('ties each field to its value by name, with the error held under that name', () => {
    function Form() {
      const { draft, field } = useDraft({ reason: '' }, { reason: 'Nhập lý do.' });
      return (
        <>
          <TextField {...field('reason')} label="Lý do" />
          <output>{draft.reason}</output>
        </>
      );
    }
    render(<Form />);
    const input = screen.getByLabelText('Lý do') as HTMLInputElement;
    expect(input.name).toBe('reason');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Nhập lý do.')).toBeTruthy();
    fireEvent.input(input, { target: { value: 'Chờ kinh phí' } });
    expect(screen.getByRole('status').textContent).toBe('Chờ kinh phí');
  });
});
