import { inChild } from './child.ts';
import { type Figure, ms, ratio } from './report.ts';

export async function benchOverhead(env: Record<string, string>): Promise<Figure[]> {
  const r = await inChild<{ stackUs: number; bareUs: number; getItemUs: number }>(
    'overhead-job.ts',
    [],
    env,
  );
  const overheadUs = r.stackUs - r.bareUs;
  return [
    {
      section: 'overhead',
      name: `middleware stack over a bare handler, DynamoDB mocked (${ms(r.stackUs / 1000)} vs ${ms(r.bareUs / 1000)})`,
      measured: ms(overheadUs / 1000),
      value: overheadUs,
      detail: r,
    },
    {
      section: 'overhead',
      name: `that overhead over one DynamoDB Local GetItem (${ms(r.getItemUs / 1000)})`,
      measured: ratio(overheadUs / r.getItemUs),
      value: overheadUs / r.getItemUs,
      target: '≤ 0.10×',
      pass: overheadUs / r.getItemUs <= 0.1,
      detail: r,
    },
  ];
}
