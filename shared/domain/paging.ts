/** Where a page of a list starts (after the position a page returned) and how long it is. */
export interface PageRequest {
  after?: string;
  limit: number;
}

/** A page of a list, with the position of its last item when more may follow. */
export interface Page<T> {
  items: T[];
  last?: string;
}

/** Every item of a paged list, following its cursor to the end. */
export async function drain<T>(fetch: (after?: string) => Promise<Page<T>>): Promise<T[]> {
  return (await drainUpTo(fetch, Number.POSITIVE_INFINITY)).items;
}

/**
 * The items of a paged list up to `cap`, in whole pages (the page that reaches the cap is
 * kept), and whether more were left unread.
 */
export async function drainUpTo<T>(
  fetch: (after?: string) => Promise<Page<T>>,
  cap: number,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let after: string | undefined;
  do {
    const page = await fetch(after);
    items.push(...page.items);
    after = page.last;
    if (after && items.length >= cap) return { items, truncated: true };
  } while (after);
  return { items, truncated: false };
}
