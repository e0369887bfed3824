/**
 * The relay's whole configuration, read from environment variables in one place.
 *
 * Every variable has a safe default, so `tsx sync-server/main.ts` works on a laptop with nothing
 * set. A value that is present but wrong is a mistake by whoever deployed us: we refuse to start
 * with a message naming the variable instead of guessing (a typo in MAX_MESSAGE_BYTES silently
 * becoming the default would hide a limit the operator thinks is in place).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface TlsPaths {
  readonly certPath: string;
  readonly keyPath: string;
}

export interface Config {
  /** TCP port; 0 lets the OS pick a free one (tests). */
  readonly port: number;
  readonly host: string;
  /** Directory holding the SQLite database file (created if missing). */
  readonly dataDir: string;
  /** The built PWA (`vite build` output). */
  readonly staticDir: string;
  /** Largest websocket message accepted; a bigger frame closes that connection with 1009. */
  readonly maxMessageBytes: number;
  readonly maxConnectionsPerIp: number;
  /** Different rooms one address may have open at once (one websocket serves exactly one room). */
  readonly maxRoomsPerIp: number;
  /**
   * Budget for rooms in memory, estimated from their encoded size (stored rows loaded plus updates
   * applied since). Past it, rooms without clients are unloaded, least recently used first; a new
   * room is refused (4503 relay-busy) only when rooms with clients alone fill it.
   */
  readonly maxLoadedRoomsBytes: number;
  /** How long a room stays in memory after its last client left. */
  readonly roomIdleMs: number;
  /** Stored rows per document before they are merged into one. */
  readonly compactAfterUpdates: number;
  /** Serve HTTPS/WSS directly when both paths are given. */
  readonly tls: TlsPaths | undefined;
  /** PostgreSQL instead of the SQLite file in dataDir (several relays, docs/DEPLOY.md). Never logged: it may hold a password. */
  readonly databaseUrl: string | undefined;
  /** Redis for the fan-out between relays; needs databaseUrl. Never logged. */
  readonly redisUrl: string | undefined;
}

/**
 * Limits of the JSON API (invites, members, rotation) and whose address a request comes from.
 * Parsed apart from `Config` so each group stays small; `parseRelayConfig` reads both at once.
 */
export interface ApiConfig {
  /** Honour `X-Forwarded-For` (its last address: the one our proxy added) for per-address limits. */
  readonly trustProxy: boolean;
  /** Active (neither expired nor revoked) invites one room may have. */
  readonly maxActiveInvitesPerRoom: number;
  /** Invites one address may create per hour. */
  readonly inviteCreatesPerHour: number;
  /** Failed redeem, revoke and rekey attempts one address may make per minute (code guessing). */
  readonly failedAttemptsPerMinute: number;
  /** Largest attachment (photo, voice note) accepted by `PUT /api/blobs/<sha256>`. */
  readonly maxBlobBytes: number;
  /** Attachment uploads (PUT bodies the relay reads) one address may make per hour. */
  readonly blobUploadsPerHour: number;
}

export const MIB = 1024 * 1024;

export const DEFAULTS = {
  PORT: 8787,
  HOST: '0.0.0.0',
  DATA_DIR: './data',
  STATIC_DIR: './dist',
  // A phone holding a community-year (≈1.2 MB, docs/BENCHMARKS.md) that meets an empty room sends
  // it as one sync step 2; at 1 MiB the relay refused exactly the phone that held the most work.
  MAX_MESSAGE_BYTES: 8 * MIB,
  MAX_CONNECTIONS_PER_IP: 1000,
  MAX_ROOMS_PER_IP: 500,
  MAX_LOADED_ROOMS_BYTES: 256 * MIB,
  ROOM_IDLE_MS: 30_000,
  COMPACT_AFTER_UPDATES: 200,
  MAX_ACTIVE_INVITES_PER_ROOM: 50,
  INVITE_CREATES_PER_HOUR: 30,
  FAILED_ATTEMPTS_PER_MINUTE: 10,
  // A photo is resized on the phone to ~150 KB and a 60 s voice note is ~500 KB: 2 MiB leaves room.
  MAX_BLOB_BYTES: 2 * MIB,
  BLOB_UPLOADS_PER_HOUR: 600,
} as const;

/** Thrown with every problem found, so an operator fixes them all in one go. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly reason = 'invalid-config';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function parseConfig(env: Env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const config = readConfig(env, cwd, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export function parseApiConfig(env: Env): ApiConfig {
  const problems: string[] = [];
  const api = readApiConfig(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return api;
}

/** Both groups, with every problem of either reported in one ConfigError. */
export function parseRelayConfig(env: Env, cwd: string = process.cwd()): { config: Config; api: ApiConfig } {
  const problems: string[] = [];
  const config = readConfig(env, cwd, problems);
  const api = readApiConfig(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { config, api };
}

/** Reads a bounded whole number, noting a problem (and returning the default) if it is wrong. */
function intReader(env: Env, problems: string[]) {
  return (name: keyof typeof DEFAULTS, min: number, max: number, what: string): number => {
    const raw = present(env, name);
    const fallback = DEFAULTS[name] as number;
    if (raw === undefined) return fallback;
    // Only plain decimal digits: Number('1e3'), Number('0x10') and Number('1.5') all "work" and
    // would accept values nobody meant to write.
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
      problems.push(`${name} must be a whole number (${what}), got ${JSON.stringify(raw)}`);
      return fallback;
    }
    const value = Number(raw);
    if (value < min || value > max) {
      problems.push(`${name} must be between ${min} and ${max} (${what}), got ${value}`);
      return fallback;
    }
    return value;
  };
}

function readApiConfig(env: Env, problems: string[]): ApiConfig {
  const int = intReader(env, problems);
  const rawTrust = present(env, 'TRUST_PROXY');
  // Only 0 or 1: "true", "yes" or "on" would be guesses, and trusting a header by mistake lets any
  // client pick the address it is rate-limited as.
  if (rawTrust !== undefined && rawTrust !== '0' && rawTrust !== '1') {
    problems.push(`TRUST_PROXY must be 0 or 1 (1 only behind a reverse proxy that sets X-Forwarded-For), got ${JSON.stringify(rawTrust)}`);
  }
  return {
    trustProxy: rawTrust === '1',
    maxActiveInvitesPerRoom: int('MAX_ACTIVE_INVITES_PER_ROOM', 1, 100_000, 'invites'),
    inviteCreatesPerHour: int('INVITE_CREATES_PER_HOUR', 1, 1_000_000, 'invites per address per hour'),
    failedAttemptsPerMinute: int('FAILED_ATTEMPTS_PER_MINUTE', 1, 1_000_000, 'failures per address per minute'),
    maxBlobBytes: int('MAX_BLOB_BYTES', 1024, 256 * MIB, 'bytes'),
    blobUploadsPerHour: int('BLOB_UPLOADS_PER_HOUR', 1, 1_000_000, 'attachment uploads per address per hour'),
  };
}

function readConfig(env: Env, cwd: string, problems: string[]): Config {
  const int = intReader(env, problems);

  const port = int('PORT', 0, 65_535, 'TCP port, 0 = any free port');
  const maxMessageBytes = int('MAX_MESSAGE_BYTES', 1024, 256 * MIB, 'bytes');
  const maxConnectionsPerIp = int('MAX_CONNECTIONS_PER_IP', 1, 1_000_000, 'connections');
  const maxRoomsPerIp = int('MAX_ROOMS_PER_IP', 1, 1_000_000, 'rooms open at once per address');
  const maxLoadedRoomsBytes = int('MAX_LOADED_ROOMS_BYTES', 1024, 2 ** 40, 'estimated bytes of rooms in memory');
  const roomIdleMs = int('ROOM_IDLE_MS', 0, 24 * 3_600_000, 'milliseconds');
  const compactAfterUpdates = int('COMPACT_AFTER_UPDATES', 2, 1_000_000, 'stored updates');

  const host = present(env, 'HOST') ?? DEFAULTS.HOST;
  if (!/^[A-Za-z0-9.:%_-]+$/.test(host)) problems.push(`HOST must be a host name or IP address, got ${JSON.stringify(host)}`);

  const dataDir = resolve(cwd, present(env, 'DATA_DIR') ?? DEFAULTS.DATA_DIR);
  const staticDir = resolve(cwd, present(env, 'STATIC_DIR') ?? DEFAULTS.STATIC_DIR);

  const certPath = present(env, 'TLS_CERT');
  const keyPath = present(env, 'TLS_KEY');
  let tls: TlsPaths | undefined;
  if ((certPath === undefined) !== (keyPath === undefined)) {
    problems.push('TLS_CERT and TLS_KEY must be set together (or neither, to serve plain HTTP)');
  } else if (certPath !== undefined && keyPath !== undefined) {
    tls = { certPath: resolve(cwd, certPath), keyPath: resolve(cwd, keyPath) };
    if (!existsSync(tls.certPath)) problems.push(`TLS_CERT file not found: ${tls.certPath}`);
    if (!existsSync(tls.keyPath)) problems.push(`TLS_KEY file not found: ${tls.keyPath}`);
  }

  const databaseUrl = present(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/./.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database)');
  }
  const redisUrl = present(env, 'REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\/./.test(redisUrl)) problems.push('REDIS_URL must be a Redis URL (redis://host:6379 or rediss://…)');
  if (redisUrl !== undefined && databaseUrl === undefined) {
    problems.push('REDIS_URL needs DATABASE_URL: relays that share Redis must share one PostgreSQL database, not each its own SQLite file');
  }

  return {
    port,
    host,
    dataDir,
    staticDir,
    maxMessageBytes,
    maxConnectionsPerIp,
    maxRoomsPerIp,
    maxLoadedRoomsBytes,
    roomIdleMs,
    compactAfterUpdates,
    tls,
    databaseUrl,
    redisUrl,
  };
}

/** An empty variable counts as unset: `PORT= tsx main.ts` should not be an error. */
function present(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
