/** One measured figure, its target and whether it met it; printed as a table, kept as JSON. */
export interface Figure {
  section: string;
  name: string;
  /** The figure as printed: `1.02×`, `41.3 KB`, `512 req/s`. */
  measured: string;
  value: number;
  /** The target in words (`≤ 1.15×`), absent for a figure shown for context. */
  target?: string;
  pass?: boolean;
  /** The raw numbers the figure was computed from. */
  detail?: Record<string, number | string>;
}

export const ratio = (value: number) => `${value.toFixed(2)}×`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const ms = (value: number) =>
  value < 1 ? `${(value * 1000).toFixed(0)} µs` : `${value.toFixed(value < 10 ? 2 : 1)} ms`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function printTable(figures: readonly Figure[], out: (line: string) => void): void {
  const rows = figures.map((f) => [
    f.section,
    f.name,
    f.measured,
    f.target ?? '',
    f.pass === undefined ? '' : f.pass ? 'pass' : 'MISS',
  ]);
  const header = ['section', 'figure', 'measured', 'target', 'result'];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  out(line(header));
  out(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) out(line(row));
}

/** A small deterministic generator, so the order of alternating runs can be repeated. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
