/**
 * What `npm start` and `npm run dev` share: the port check, the runtime, the scheduler,
 * the addresses, demo tokens and a curl line printed once it serves, and a stop that ends
 * everything it started (Java included) on Ctrl-C, SIGTERM, SIGHUP or a vanished parent.
 */
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { mintDemoTokens } from './demo-tokens.ts';
import { LocalRuntimeError } from './dynamodb-local.ts';
import { defaultDataDir } from './paths.ts';
import { type LocalRuntime, startLocalRuntime } from './runtime.ts';
import { startLocalScheduler } from './scheduler.ts';

export function fail(message: string): never {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

async function ensurePortFree(port: number): Promise<void> {
  await new Promise<void>((resolvePort) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        fail(`Port ${port} is in use. Stop what uses it, or choose another: PORT=3001 npm start`);
      }
      fail(`Port ${port} cannot be used: ${error.message}`);
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort()));
  });
}

export interface LocalSession {
  /** The command, for its usage line: `npm start` or `npm run dev`. */
  command: string;
  /** Before the runtime starts (the web build of `npm start`). */
  prepare?: () => Promise<void>;
  /**
   * Once the runtime serves: starts what else the command runs and answers the address to
   * print first, and how to stop what it started.
   */
  serveApp: (
    runtime: LocalRuntime,
  ) => Promise<{ appUrl: string; lines: string[]; stop?: () => Promise<void> }>;
}

export async function runLocalSession(session: LocalSession): Promise<void> {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      `Usage: ${session.command} [-- --fresh]\n  --fresh  wipe .data/ (tables, seed, signing key) first\n  PORT     port of the app and its API (default 3000)`,
    );
    return;
  }
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    fail(`PORT must be a port number, not "${process.env.PORT}".`);
  await ensurePortFree(port);

  let runtime: LocalRuntime | undefined;
  let stopApp: (() => Promise<void>) | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the app, the API and DynamoDB Local…`);
    await stopApp?.();
    await runtime?.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
  // If whatever started us (npm, a terminal) dies without passing a signal on, we are
  // re-parented: stop too, rather than leave DynamoDB Local running with nobody to end it.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop('parent process gone');
  }, 1000).unref();

  await session.prepare?.();
  try {
    runtime = await startLocalRuntime({
      dataDir: defaultDataDir,
      port,
      fresh: values.fresh,
      log: (line) => console.log(line),
    });
  } catch (error) {
    if (error instanceof LocalRuntimeError) fail(error.message);
    throw error;
  }
  if (stopping) return;

  startLocalScheduler((line) => console.log(line));
  const app = await session.serveApp(runtime);
  stopApp = app.stop;
  const tokens = await mintDemoTokens(runtime.keys);
  const api = runtime.api.url;
  console.log(`\nThaogo: ${app.appUrl}`);
  for (const line of app.lines) console.log(line);
  console.log(`API: ${api}   (DynamoDB Local at ${runtime.dynamo.endpoint}, data in .data/)`);
  console.log(
    '\nDemo tokens (valid 12 hours; more with `npm run token -- --role commune --unit an-lao`):',
  );
  for (const { label, role, token } of tokens) console.log(`\n  ${role} — ${label}:\n  ${token}`);
  console.log('\nTry:');
  console.log(`  curl -s ${api}/units -H "Authorization: Bearer ${tokens[0]?.token}"`);
  console.log(
    '\nDigests run at 17:00 and 08:00 on working days and 07:00 on Mondays (Viet Nam time);',
  );
  console.log(
    'replay one with: npm run digest -- escalation --at 2025-07-18T08:00:00+07:00 (mail lands in .data/outbox)',
  );
  console.log('\nCtrl-C stops everything.\n');
}

/** A command's main: any error it did not say in words is printed whole, and ends it. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
