/**
 * The two relays a run compares: ours (`sync-server/main.ts` as a process, through the same
 * helper as tests/server) and the stock y-websocket 1.5.4 server (memory only), both on loopback.
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startRelayProcess, type RelayProcess } from '../../tests/support/relayProcess.ts';
import { onCleanup, spawnTracked, stopChild } from './processes.ts';

export type RelayKind = 'sejawat' | 'stock';

export interface RelayUnderTest {
  kind: RelayKind;
  label: string;
  pid: number;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Websocket URL of a document; the stock server ignores the key and names the room after the path. */
  docUrl(doc: string, key: string): string;
  /** Answers COMMIT_ACK (type 100). */
  acks: boolean;
  dataDir?: string;
  /** The relay's JSON log lines so far (ours only). */
  logs: string[];
  stop(): Promise<void>;
}

export const RELAY_LABEL: Record<RelayKind, string> = {
  sejawat: 'Sejawat relay (SQLite, fsync)',
  stock: 'y-websocket 1.5.4 (memory)',
};

export interface StartOptions {
  staticDir?: string;
  dataDir?: string;
  env?: Record<string, string>;
  /** Keep the data directory when stopping (to copy or reopen it). */
  keepData?: boolean;
  /** PostgreSQL storage instead of SQLite (tests/support/services.ts starts one). */
  databaseUrl?: string;
  /** Redis fan-out to the other relays of the same database. */
  redisUrl?: string;
}

/**
 * The bench talks to the relay from one address with up to a thousand sockets, so the
 * per-address limit is raised (as the README says to do behind a proxy); everything else is the
 * production default.
 */
export async function startSejawatRelay(options: StartOptions = {}): Promise<RelayUnderTest> {
  const relay: RelayProcess = await startRelayProcess({
    staticDir: options.staticDir,
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    redisUrl: options.redisUrl,
    env: { MAX_CONNECTIONS_PER_IP: '100000', ...options.env },
  });
  const stop = async (): Promise<void> => {
    unregister();
    await relay.kill('SIGTERM');
    if (!options.keepData) rmSync(relay.dataDir, { recursive: true, force: true });
  };
  const unregister = onCleanup('sejawat relay', stop);
  return {
    kind: 'sejawat',
    label: RELAY_LABEL.sejawat,
    pid: relay.pid,
    port: relay.port,
    url: relay.url,
    docUrl: (doc, key) => `${relay.wsUrl}/${doc}?key=${key}`,
    acks: true,
    dataDir: relay.dataDir,
    logs: relay.logs,
    stop,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const require = createRequire(import.meta.url);

/** Directory of the stock package (installed under the alias `y-websocket-stock`). */
export function stockPackageDir(): string {
  return dirname(require.resolve('y-websocket-stock/package.json'));
}

export async function startStockRelay(): Promise<RelayUnderTest> {
  const port = await freePort();
  const child = spawnTracked('stock y-websocket', process.execPath, [join(stockPackageDir(), 'bin', 'server.js')], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`stock server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stock server exited (${String(code)}):\n${output}`));
    });
  });
  child.stdout?.resume();
  child.stderr?.resume();
  const url = `http://127.0.0.1:${port}`;
  return {
    kind: 'stock',
    label: RELAY_LABEL.stock,
    pid: child.pid as number,
    port,
    url,
    docUrl: (doc, key) => `ws://127.0.0.1:${port}/sync/${doc}?key=${key}`,
    acks: false,
    logs: [],
    stop: () => stopChild(child),
  };
}

/** `ms` of every "room loaded" line our relay logged (how long loading each room took). */
export function roomLoadTimes(relay: RelayUnderTest): number[] {
  const out: number[] = [];
  for (const line of relay.logs) {
    try {
      const record = JSON.parse(line) as { msg?: string; ms?: number };
      if (record.msg === 'room loaded' && typeof record.ms === 'number') out.push(record.ms);
    } catch {
      // not JSON
    }
  }
  return out;
}

export function startRelay(kind: RelayKind, options: StartOptions = {}): Promise<RelayUnderTest> {
  return kind === 'sejawat' ? startSejawatRelay(options) : startStockRelay();
}
