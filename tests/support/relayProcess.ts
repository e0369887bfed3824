/**
 * Starts the real relay (`sync-server/main.ts`) as a child process, for server and e2e tests.
 * PORT=0 by default: the port is read back from the relay's "listening" log line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RelayProcess {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** ws://127.0.0.1:<port>/sync */
  wsUrl: string;
  dataDir: string;
  pid: number;
  /** JSON log lines seen so far (live: grows while the process runs). */
  logs: string[];
  /** Resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Same port and dataDir, new process; resolves when listening. */
  restart(): Promise<RelayProcess>;
}

export interface StartRelayOptions {
  dataDir?: string;
  port?: number;
  staticDir?: string;
  /** PostgreSQL instead of SQLite in dataDir (tests/support/services.ts starts one). */
  databaseUrl?: string;
  /** Redis fan-out to the other relays of the same database. */
  redisUrl?: string;
  env?: Record<string, string>;
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 20_000;

/** Children still running, killed if the test process exits without tearing them down. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startRelayProcess(opts: StartRelayOptions = {}): Promise<RelayProcess> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'sejawat-relay-')));
  const staticDir = opts.staticDir ?? 'dist';
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(opts.port ?? 0),
      DATA_DIR: dataDir,
      STATIC_DIR: staticDir,
      ...(opts.databaseUrl === undefined ? {} : { DATABASE_URL: opts.databaseUrl }),
      ...(opts.redisUrl === undefined ? {} : { REDIS_URL: opts.redisUrl }),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));

  const logs: string[] = [];
  const output: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`relay did not start within ${START_TIMEOUT_MS} ms:\n${output.join('')}`));
    }, START_TIMEOUT_MS);
    let settled = false;
    const onLine = (line: string): void => {
      output.push(line + '\n');
      if (!line.startsWith('{')) return;
      try {
        const record = JSON.parse(line) as { msg?: unknown; port?: unknown };
        logs.push(line);
        if (!settled && record.msg === 'listening' && typeof record.port === 'number') {
          settled = true;
          clearTimeout(timer);
          resolve(record.port);
        }
      } catch {
        // Not a log line (e.g. a stack trace that starts with "{"): kept in `output` only.
      }
    };
    readLines(child.stdout, onLine);
    readLines(child.stderr, (line) => output.push(line + '\n'));
    void exited.then(() => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`relay exited (code ${String(child.exitCode)}) before listening:\n${output.join('')}`));
    });
  });

  const relay: RelayProcess = {
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    dataDir,
    pid: child.pid as number,
    logs,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    async restart() {
      await relay.kill();
      return startRelayProcess({ ...opts, dataDir, port, staticDir });
    },
  };
  return relay;
}

function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      onLine(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (buffered !== '') onLine(buffered);
  });
}
