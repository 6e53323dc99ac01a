import { functionEnv, inChild } from './child.ts';
import type { Measured } from './reads-job.ts';
import type { Figure } from './report.ts';

interface Phase {
  items: number;
  results: Record<string, Measured>;
}

export async function benchReads(endpoint: string): Promise<Figure[]> {
  const r = await inChild<{ small: Phase; large: Phase; kinds: Record<string, string> }>(
    'reads-job.ts',
    [],
    functionEnv(endpoint, 'thaogo-bench-reads'),
  );
  const figures: Figure[] = [];
  for (const [name, small] of Object.entries(r.small.results)) {
    const large = r.large.results[name] as Measured;
    const kind = r.kinds[name];
    // A digest run also reads the directory (units, offices, leaders) and its own records:
    // a fixed cost, shown apart so the figure is the work items read per item reported.
    const read = kind === 'digest' ? large.read - large.directory : large.read;
    const perItem = read / Math.max(large.returned, 1);
    const same = small.fingerprint === large.fingerprint;
    if (kind !== 'overview') {
      figures.push({
        section: 'reads',
        name:
          kind === 'digest'
            ? `${name}: items read per item reported (${read}/${large.returned}; directory, digest records and dossier figures: ${large.directory} more)`
            : `${name}: items read per item returned (${read}/${large.returned})`,
        measured: perItem.toFixed(2),
        value: perItem,
        target: '≤ 1.1',
        pass: perItem <= 1.1,
        detail: { ...large },
      });
    }
    // Cost: read capacity charged, and requests sent, at ~100k items over ~1k.
    const costRatio = large.capacity / Math.max(small.capacity, 0.5);
    figures.push({
      section: 'reads',
      name: `${name}: cost at ${Math.round(r.large.items / 1000)}k ÷ at ${Math.round(r.small.items / 1000)}k (${large.capacity}/${small.capacity} RCU, ${large.requests}/${small.requests} requests)${same ? '' : ', RESULT DIFFERS'}`,
      measured: `${costRatio.toFixed(2)}×`,
      value: costRatio,
      target: '≤ 1.1×, same result',
      pass: costRatio <= 1.1 && large.requests <= small.requests && same,
      detail: {
        smallCapacity: small.capacity,
        largeCapacity: large.capacity,
        smallItems: r.small.items,
        largeItems: r.large.items,
      },
    });
  }
  return figures;
}
