/**
 * Throwaway PostgreSQL and Redis servers for the scale-out tests (and the bench): Debian's own
 * packages, installed by scripts/debianPackage.mjs when missing (as root on Debian), started on
 * 127.0.0.1 on a free port with their data in a temporary directory, and stopped afterwards.
 *
 * If a server cannot be found, installed or started, `startPostgres`/`startRedis` throw with a
 * message that says why, so the tests that need it fail loudly rather than being skipped.
 *
 * PostgreSQL refuses to run as root: when we are root, the data directory is handed to the
 * `postgres` user and the server runs as that user (setpriv, which execs in place, so the pid we
 * hold is the server's own and a signal reaches it).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ensureDebianProgram } from '../../scripts/debianPackage.mjs';

const START_TIMEOUT_MS = 30_000;

export interface PostgresService {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  /** A URL for database `name` on this server (created by `createDatabase`). */
  urlFor(name: string): string;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export interface RedisService {
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** Stop the server (data is not kept: `--save ''`). */
  stop(): Promise<void>;
  /** Start it again on the same port. */
  start(): Promise<void>;
}

/** Children still running, killed if the test process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function findPostgresBin(): string {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [];
  const dirs = [...new Set([...versions, '17', '16', '15'])].map((v) => `/usr/lib/postgresql/${v}/bin`);
  const initdb = ensureDebianProgram({
    pkg: 'postgresql',
    candidates: dirs.map((dir) => join(dir, 'initdb')),
    why: 'The PostgreSQL storage and scale-out tests',
  });
  return initdb.slice(0, -'/initdb'.length);
}

export function findRedisServer(): string {
  return ensureDebianProgram({
    pkg: 'redis-server',
    candidates: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'],
    why: 'The cross-relay fan-out tests',
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const asRoot = userInfo().uid === 0;

/** Run `command` as the postgres user when we are root (PostgreSQL refuses root). */
function pgCommand(command: string, args: string[]): [string, string[]] {
  if (!asRoot) return [command, args];
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args]];
}

export interface StartPostgresOptions {
  /**
   * fsync and synchronous commit on (production durability). Off by default for tests: they kill
   * relays, never the database server, and fsync would only make them slower.
   */
  readonly durable?: boolean;
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresService> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'sejawat-pg-'));
  const data = join(dir, 'data');
  if (asRoot) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  try {
    const [cmd, args] = pgCommand(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync']);
    execFileSync(cmd, args, { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const detail = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err);
    throw new Error(`Could not initialise a PostgreSQL data directory (initdb): ${detail}`);
  }
  const port = await freePort();
  const settings = [
    '-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir,
    '-c', 'max_connections=200', '-c', 'shared_buffers=32MB',
    ...(options.durable === true ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
  ];
  const [cmd, args] = pgCommand(join(bin, 'postgres'), settings);
  const child = await startServer('PostgreSQL', cmd, args, /database system is ready to accept connections/, 'stderr');
  const urlFor = (name: string): string => `postgres://postgres@127.0.0.1:${port}/${name}`;
  return {
    url: urlFor('postgres'),
    port,
    urlFor,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    async stop() {
      await stopChild(child, 'SIGINT'); // fast shutdown
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startRedis(): Promise<RedisService> {
  const bin = findRedisServer();
  const dir = mkdtempSync(join(tmpdir(), 'sejawat-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
  let child: ChildProcess | undefined = await startServer('Redis', bin, args, /Ready to accept connections/, 'stdout');
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child !== undefined) await stopChild(child, 'SIGTERM');
      child = undefined;
    },
    async start() {
      if (child !== undefined) return;
      child = await startServer('Redis', bin, args, /Ready to accept connections/, 'stdout');
    },
  };
}

async function startServer(name: string, cmd: string, args: string[], ready: RegExp, stream: 'stdout' | 'stderr'): Promise<ChildProcess> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms (${cmd} ${args.join(' ')}):\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', stream === 'stdout' ? onData : (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', stream === 'stderr' ? onData : (c: Buffer) => (output += c.toString()));
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${name} could not be started (${cmd}): ${err.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${String(code)}) before it was ready (${cmd} ${args.join(' ')}):\n${output}`));
    });
  });
  // Keep draining its output so a chatty server never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user]).toString().trim());
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user]).toString().trim());
}
