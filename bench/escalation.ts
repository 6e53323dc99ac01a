import { functionEnv, inChild } from './child.ts';
import { type Figure, mb, ms, ratio } from './report.ts';

interface Run {
  ms: number;
  itemsFound: number;
  rssBefore: number;
  rssPeak: number;
  heapPeak: number;
}

export async function benchEscalation(
  endpoint: string,
  progress: (line: string) => void,
): Promise<Figure[]> {
  const runs: Record<number, Run> = {};
  for (const n of [1_000, 10_000]) {
    const env = functionEnv(endpoint, `thaogo-bench-escalation-${n}`);
    progress(`escalation: loading ${n} open and ${10 * n} closed tasks…`);
    await inChild('escalation-job.ts', ['load', String(n)], env);
    runs[n] = await inChild<Run>('escalation-job.ts', ['run'], env);
    if (runs[n].itemsFound !== n) throw new Error(`the run found ${runs[n].itemsFound} of ${n}`);
  }
  const [small, large] = [runs[1_000] as Run, runs[10_000] as Run];
  const growth = large.ms / 10 / small.ms;
  return [
    {
      section: 'escalation',
      name: `run time, 1k open tasks → 10k (${ms(small.ms)} → ${ms(large.ms)}); per task at 10k ÷ per task at 1k`,
      measured: ratio(growth),
      value: growth,
      target: '≤ 1.25× (linear)',
      pass: growth <= 1.25,
      detail: { ms1k: small.ms, ms10k: large.ms },
    },
    {
      section: 'escalation',
      name: `peak memory at 1k open tasks (heap ${mb(small.heapPeak)}, process at start ${mb(small.rssBefore)})`,
      measured: mb(small.rssPeak),
      value: small.rssPeak,
      detail: { ...small },
    },
    {
      section: 'escalation',
      name: `peak memory at 10k open tasks (heap ${mb(large.heapPeak)}, process at start ${mb(large.rssBefore)})`,
      measured: mb(large.rssPeak),
      value: large.rssPeak,
      target: '< 256 MB',
      pass: large.rssPeak < 256 * 1024 * 1024,
      detail: { ...large },
    },
  ];
}
