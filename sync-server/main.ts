/**
 * Entry point: `tsx sync-server/main.ts`. Reads the environment, opens storage (SQLite, or
 * PostgreSQL with DATABASE_URL) and the fan-out (Redis with REDIS_URL), serves, and shuts down
 * cleanly on SIGTERM/SIGINT. Everything else lives in relay.ts and the modules it wires.
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { ConfigError, parseRelayConfig, type ApiConfig, type Config } from './config.ts';
import { createLogger, errorFields } from './log.ts';
import { LocalFanout, type Fanout } from './fanout/Fanout.ts';
import { RedisFanout } from './fanout/RedisFanout.ts';
import { createRelay } from './relay.ts';
import { PostgresStorage } from './storage/PostgresStorage.ts';
import { SqliteStorage } from './storage/SqliteStorage.ts';
import type { Storage } from './storage/Storage.ts';

const log = createLogger();

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  log.error('startup failed', { error: message });
  process.exit(1);
}

function readConfig(): { config: Config; api: ApiConfig } {
  try {
    return parseRelayConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
}

function readTls(config: Config): { cert: Buffer; key: Buffer } | undefined {
  if (config.tls === undefined) return undefined;
  try {
    return { cert: readFileSync(config.tls.certPath), key: readFileSync(config.tls.keyPath) };
  } catch (err) {
    fail(`Cannot read TLS_CERT/TLS_KEY: ${errorFields(err).error as string}`);
  }
}

/** How long to wait between attempts to reach PostgreSQL at start. */
const DATABASE_RETRY_MS = 2_000;

async function openStorage(config: Config): Promise<Storage> {
  if (config.databaseUrl !== undefined) {
    // A relay started before its database (a reboot of the whole district) waits for it rather
    // than exiting: it does not listen until it can store, so the load balancer skips it.
    for (let attempt = 1; ; attempt++) {
      try {
        const storage = await PostgresStorage.open(config.databaseUrl, {
          onIdleError: (err) => log.warn('PostgreSQL connection lost; it is replaced on next use', errorFields(err)),
        });
        log.info('storage: PostgreSQL', { attempt });
        return storage;
      } catch (err) {
        // The message, never the URL: it may hold the password.
        log.error('cannot reach PostgreSQL (DATABASE_URL); retrying', { attempt, retryInMs: DATABASE_RETRY_MS, ...errorFields(err) });
        if (/newer than this relay/.test(String(err))) fail(`Cannot use DATABASE_URL: ${errorFields(err).error as string}`);
        await new Promise((resolve) => setTimeout(resolve, DATABASE_RETRY_MS));
      }
    }
  }
  try {
    return SqliteStorage.open(config.dataDir);
  } catch (err) {
    fail(`Cannot open the database in DATA_DIR=${config.dataDir}: ${errorFields(err).error as string}`);
  }
}

/** Addresses a phone on the same Wi-Fi can use, for the human line. */
function lanUrls(scheme: string, port: number): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((net) => net !== undefined && net.family === 'IPv4' && !net.internal)
    .map((net) => `${scheme}://${net?.address}:${port}`);
}

async function main(): Promise<void> {
  const { config, api } = readConfig();
  const tls = readTls(config);
  const storage = await openStorage(config);
  const fanout: Fanout = config.redisUrl === undefined ? new LocalFanout() : new RedisFanout(config.redisUrl, log);
  const relay = createRelay({ config, api, storage, fanout, log, tls });

  // Anything that reaches here is a bug, not bad input (that is caught where it arrives). Log it
  // and keep serving: a crash would drop every teacher's connection and unacknowledged writes.
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', errorFields(reason)));

  let port: number;
  try {
    port = await relay.listen();
  } catch (err) {
    fail(`Cannot listen on ${config.host}:${config.port}: ${errorFields(err).error as string}`);
  }

  const scheme = tls ? 'https' : 'http';
  const wildcard = config.host === '0.0.0.0' || config.host === '::';
  const host = wildcard ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${scheme}://${host}:${port}`;
  log.info('listening', {
    port,
    url,
    host: config.host,
    tls: tls !== undefined,
    storage: config.databaseUrl === undefined ? 'sqlite' : 'postgresql',
    fanout: config.redisUrl === undefined ? 'none' : 'redis',
    dataDir: config.databaseUrl === undefined ? config.dataDir : undefined,
    staticDir: config.staticDir,
  });
  const lan = wildcard ? lanUrls(scheme, port) : [];
  process.stdout.write(`Sejawat is running: open ${url}${lan.length > 0 ? ` (phones on this network: ${lan.join(', ')})` : ''}\n`);

  const stop = (signal: NodeJS.Signals): void => {
    log.info('signal received', { signal });
    void relay.shutdown().then(
      (ok) => process.exit(ok ? 0 : 1),
      (err: unknown) => {
        log.error('shutdown failed', errorFields(err));
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main().catch((err: unknown) => {
  log.error('relay crashed', errorFields(err));
  process.exit(1);
});
