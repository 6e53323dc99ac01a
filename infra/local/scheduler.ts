/**
 * The local scheduler: fires the scheduled functions of the manifest at their times in
 * Asia/Ho_Chi_Minh, with the scheduled time in the event, as EventBridge Scheduler does.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type FunctionName, type Schedule, scheduledFunctions } from '#functions/manifest.ts';
import { vietnamOffsetMs } from '#shared/domain/calendar/vietnam.ts';
import { repoRoot } from './paths.ts';

type ScheduledHandler = (event: { scheduledTime: string }) => Promise<unknown>;

const weekdays = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Viet Nam's wall time of an instant (UTC+7, no daylight saving). */
function vietnamTime(at: Date) {
  const local = new Date(at.getTime() + vietnamOffsetMs);
  return {
    day: weekdays[local.getUTCDay()] as string,
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  };
}

export function isDue(schedule: Schedule, at: Date): boolean {
  const t = vietnamTime(at);
  const days = schedule.days === 'MON' ? ['MON'] : ['MON', 'TUE', 'WED', 'THU', 'FRI'];
  return days.includes(t.day) && t.hour === schedule.hour && t.minute === schedule.minute;
}

export async function loadScheduledHandler(name: FunctionName): Promise<ScheduledHandler> {
  const fn = scheduledFunctions().find((f) => f.name === name);
  if (!fn) throw new Error(`${name} is not a scheduled function`);
  const module = (await import(pathToFileURL(resolve(repoRoot, fn.spec.entry)).href)) as {
    handler: ScheduledHandler;
  };
  return module.handler;
}

export function startLocalScheduler(log: (line: string) => void): () => void {
  const fired = new Set<string>();
  const tick = async () => {
    const now = new Date();
    now.setUTCSeconds(0, 0);
    for (const { name, schedule } of scheduledFunctions()) {
      const key = `${name}@${now.toISOString()}`;
      if (!isDue(schedule, now) || fired.has(key)) continue;
      fired.add(key);
      try {
        const handler = await loadScheduledHandler(name);
        const report = await handler({ scheduledTime: now.toISOString() });
        log(`scheduler: ${name} ran for ${now.toISOString()}: ${JSON.stringify(report)}`);
      } catch (error) {
        log(`scheduler: ${name} failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  };
  const timer = setInterval(() => void tick(), 20_000);
  timer.unref();
  return () => clearInterval(timer);
}
