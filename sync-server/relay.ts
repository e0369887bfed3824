/**
 * Wires the relay together: one HTTP(S) server for the app, the health check and the websocket
 * upgrade; rooms; the write queue in front of storage. `main.ts` adds the environment and the
 * signals; tests can build a relay in-process around any Storage.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { WebSocketServer } from 'ws';
import type { DocName } from '../src/domain/ids.ts';
import { CloseCode } from '../src/domain/protocol.ts';
import { createApiHandler } from './api/router.ts';
import { MIB, parseApiConfig, type ApiConfig, type Config } from './config.ts';
import type { Connection } from './connection.ts';
import { LocalFanout, type Fanout } from './fanout/Fanout.ts';
import { createMessageHandler } from './handleMessage.ts';
import { createRequestHandler, type Readiness, type RelayStats } from './http.ts';
import { IpLimiter, IpRoomLimiter } from './ipLimiter.ts';
import { startInvitePurge } from './invitePurge.ts';
import { errorFields, type Logger } from './log.ts';
import { RateLimiter } from './rateLimiter.ts';
import { Rooms, roomsEnteredWithKeyOf } from './Rooms.ts';
import { createStaticHandler } from './staticApp.ts';
import type { Storage } from './storage/Storage.ts';
import { createUpgradeHandler } from './upgrade.ts';
import { WriteQueue } from './writeQueue.ts';

export interface RelayOptions {
  readonly config: Config;
  /** Limits of the JSON API; the documented defaults when omitted. */
  readonly api?: ApiConfig;
  readonly storage: Storage;
  /** Other relays serving the same documents (REDIS_URL); nobody (LocalFanout) by default. */
  readonly fanout?: Fanout;
  readonly log: Logger;
  /** PEM contents; when given the relay serves HTTPS and WSS. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
  /** Interval of websocket pings; a client that missed the previous pong is dropped. */
  readonly heartbeatMs?: number;
  readonly writeRetry?: { readonly baseMs: number; readonly maxMs: number };
  /** Milliseconds since the epoch, for invites and rate limits (tests may move it). */
  readonly now?: () => number;
}

export interface Relay {
  readonly server: Server;
  readonly rooms: Rooms;
  readonly queue: WriteQueue;
  /** Resolves with the port actually bound (PORT=0 picks one). */
  listen(): Promise<number>;
  stats(): RelayStats;
  /** Whether storage and fan-out are reachable, as /readyz answers. */
  readiness(): Promise<Readiness>;
  /**
   * Stop accepting, close every socket with 1012, flush pending writes, close storage.
   * Resolves false if some writes could not be stored within `timeoutMs` (they were never
   * acknowledged, so clients still have them and will resend).
   */
  shutdown(timeoutMs?: number): Promise<boolean>;
}

export function createRelay(options: RelayOptions): Relay {
  const { config, storage, log } = options;
  const api = options.api ?? parseApiConfig({});
  const now = options.now ?? Date.now;
  const startedAt = Date.now();
  const fanout = options.fanout ?? new LocalFanout();
  const queue = new WriteQueue({
    storage,
    log,
    retryBaseMs: options.writeRetry?.baseMs,
    retryMaxMs: options.writeRetry?.maxMs,
    // Never store (and so acknowledge) an update the other relays cannot be told about.
    holdBack: () => fanout.unavailable(),
  });
  fanout.onAvailable(() => queue.retryNow());
  const rooms = new Rooms({
    storage,
    queue,
    log,
    roomIdleMs: config.roomIdleMs,
    compactAfterUpdates: config.compactAfterUpdates,
    maxLoadedRoomsBytes: config.maxLoadedRoomsBytes,
    fanout,
    onRemoteRotation: (doc, keyHash) => closeRotated(doc, keyHash),
  });
  const connections = new Set<Connection>();
  let shuttingDown: Promise<boolean> | undefined;

  const stats = (): RelayStats => ({
    rooms: rooms.size,
    connections: connections.size,
    pendingWrites: queue.pendingCount,
    loadedRoomsBytes: rooms.loadedBytes,
  });

  /**
   * After a rotation: later connections are checked against the new hash, and every socket of the
   * room closes with 4401 key-rotated, also those still waiting for the room to load. Members who
   * stay ask for the new key and reconnect; a removed member's phone can no longer get in.
   */
  const closeRotated = (doc: DocName, keyHash: Uint8Array): void => {
    rooms.replaceKeyHash(doc, keyHash);
    const entered = roomsEnteredWithKeyOf(doc);
    for (const conn of [...connections]) if (entered.includes(conn.doc)) conn.close(CloseCode.KEY_ROTATED, CloseCode.KEY_ROTATED.reason);
  };
  // The other relays close their sockets of the room too.
  const onKeyRotated = (doc: DocName, keyHash: Uint8Array): void => {
    closeRotated(doc, keyHash);
    fanout.publishRotation(doc, keyHash);
  };

  const readiness = async (): Promise<Readiness> => {
    let storageState = queue.failing ? 'writes failing' : 'ok';
    if (storage.ping !== undefined) {
      try {
        if (!(await settlesWithin(storage.ping(), 2_000))) storageState = 'not answering';
      } catch (err) {
        storageState = `unreachable: ${errorFields(err).error as string}`;
      }
    }
    const fanoutState = fanout.unavailable() ?? 'ok';
    return { ready: storageState === 'ok' && fanoutState === 'ok' && shuttingDown === undefined, storage: storageState, fanout: fanoutState };
  };
  const handleApi = createApiHandler({
    storage,
    log,
    config: api,
    now,
    onKeyRotated,
    limiters: {
      inviteCreate: new RateLimiter({ limit: api.inviteCreatesPerHour, windowMs: 3_600_000, now }),
      codeFailures: new RateLimiter({ limit: api.failedAttemptsPerMinute, windowMs: 60_000, now }),
      rekeyFailures: new RateLimiter({ limit: api.failedAttemptsPerMinute, windowMs: 60_000, now }),
      blobUploads: new RateLimiter({ limit: api.blobUploadsPerHour, windowMs: 3_600_000, now }),
    },
  });
  const invitePurge = startInvitePurge({ storage, log, now });

  const onRequest = createRequestHandler({ stats, readiness, serveStatic: createStaticHandler(config.staticDir), api: handleApi, startedAt, log });
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createHttpServer(onRequest);

  // perMessageDeflate off: compression costs memory per socket and y-protocols messages are
  // mostly small binary; it also means any RSV1 bit is a protocol error `ws` rejects for us.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes, perMessageDeflate: false, clientTracking: false });
  server.on('upgrade', createUpgradeHandler({
    wss,
    rooms,
    ipLimiter: new IpLimiter(config.maxConnectionsPerIp),
    ipRoomLimiter: new IpRoomLimiter(config.maxRoomsPerIp),
    trustProxy: api.trustProxy,
    connections,
    connectionOptions: {
      log,
      handleMessage: createMessageHandler(queue, fanout),
      maxInboxBytes: 4 * config.maxMessageBytes,
      maxBufferedBytes: Math.max(16 * MIB, 8 * config.maxMessageBytes),
    },
    log,
    isShuttingDown: () => shuttingDown !== undefined,
  }));
  server.on('error', (err) => log.error('server error', errorFields(err)));

  const heartbeat = setInterval(() => {
    for (const conn of connections) {
      if (!conn.alive) {
        log.info('no pong; dropping connection', { conn: conn.id, doc: conn.doc });
        conn.terminate();
        continue;
      }
      conn.alive = false;
      try {
        conn.ws.ping();
      } catch {
        // Socket already closing: its close event cleans up.
      }
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  const listen = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      server.once('error', onError);
      server.listen(config.port, config.host, () => {
        server.off('error', onError);
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : config.port);
      });
    });

  const shutdown = (timeoutMs = 10_000): Promise<boolean> => {
    shuttingDown ??= (async () => {
      log.info('shutting down', { connections: connections.size, pendingWrites: queue.pendingCount });
      clearInterval(heartbeat);
      server.close();
      // Sockets first, so no new updates arrive while we flush.
      const socketsClosed = Promise.all([...connections].map((conn) => new Promise<void>((resolve) => conn.onClose(resolve))));
      for (const conn of connections) conn.close(CloseCode.SHUTTING_DOWN);
      const flushed = await settlesWithin(queue.drain(), timeoutMs);
      if (!flushed) {
        log.error('shutdown: some writes could not be stored; they were never acknowledged', { pendingWrites: queue.pendingCount });
        queue.stop();
      }
      if (!(await settlesWithin(socketsClosed, 2_000))) for (const conn of connections) conn.terminate();
      rooms.clear();
      await invitePurge.stop();
      await fanout.close().catch((err: unknown) => log.error('shutdown: closing the fan-out failed', errorFields(err)));
      let closed = true;
      try {
        await storage.close();
      } catch (err) {
        closed = false;
        log.error('shutdown: closing storage failed', errorFields(err));
      }
      server.closeAllConnections();
      log.info('stopped', { flushed });
      return flushed && closed;
    })();
    return shuttingDown;
  };

  return { server, rooms, queue, listen, stats, readiness, shutdown };
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
