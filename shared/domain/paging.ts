/** Every item of a paged list, following its cursor to the end. */
export async function drain<T>(
  fetch: (after?: string) => Promise<{ items: T[]; last?: string }>,
): Promise<T[]> {
  const all: T[] = [];
  let after: string | undefined;
  do {
    const page = await fetch(after);
    all.push(...page.items);
    after = page.last;
  } while (after);
  return all;
}
