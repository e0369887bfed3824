/**
 * Scale-out figures (issue 9), a first cut: three relays over PostgreSQL (fsync on) and Redis on
 * this machine; N stock y-websocket clients in M communities spread over them. Measures
 * (1) the time until every client saw a write made on another relay (cross-relay fan-out), and
 * (2) after all relays restart, the time until every client has reconnected and resynced.
 *
 *   node --import tsx sync-server/scripts/measureScaleOut.ts [clients=1000] [communities=200]
 *
 * Clients run in this process (stock y-websocket backoff). `npm run bench` (full run, section
 * scaleRamp) runs this script and prints its figures beside its own ramp.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DocKind, newDocName, newRoomKey } from '../../src/domain/ids.ts';
import { startRelayProcess, type RelayProcess } from '../../tests/support/relayProcess.ts';
import { startPostgres, startRedis } from '../../tests/support/services.ts';

const clients = Number(process.argv[2] ?? 1000);
const communities = Number(process.argv[3] ?? 200);

async function until(what: string, ok: () => boolean, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const postgres = await startPostgres({ durable: true });
const redis = await startRedis();
const databaseUrl = await postgres.createDatabase('measure');
const env = { MAX_CONNECTIONS_PER_IP: '100000', MAX_ROOMS_PER_IP: '100000' };
let relays: RelayProcess[] = await Promise.all([0, 1, 2].map(() => startRelayProcess({ databaseUrl, redisUrl: redis.url, env })));
const rooms = Array.from({ length: communities }, () => ({ doc: newDocName(DocKind.COMMUNITY), key: newRoomKey() }));
const providers = Array.from({ length: clients }, (_, i) => {
  const room = rooms[i % communities] as { doc: string; key: string };
  const relay = relays[i % 3] as RelayProcess;
  const ydoc = new Y.Doc();
  const provider = new WebsocketProvider(relay.wsUrl, room.doc, ydoc, {
    params: { key: room.key },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return { provider, ydoc, room: i % communities };
});
let t = performance.now();
await until('all connected and synced', () => providers.every((p) => p.provider.synced));
const connectMs = performance.now() - t;

// One write per community, by its first client; everyone else in the community must see it.
t = performance.now();
for (let r = 0; r < communities; r++) (providers[r] as (typeof providers)[number]).ydoc.getMap('m').set('hello', r);
await until('every write seen by every member', () => providers.every((p) => p.ydoc.getMap('m').get('hello') === p.room));
const fanoutMs = performance.now() - t;

// All relays restart (SIGTERM, then start on the same ports); clients reconnect with stock backoff.
t = performance.now();
await Promise.all(relays.map((relay) => relay.kill('SIGTERM')));
await until('all clients noticed', () => providers.every((p) => !p.provider.synced), 60_000);
relays = await Promise.all(relays.map((relay) => startRelayProcess({ databaseUrl, redisUrl: redis.url, env, port: relay.port })));
const restartedAt = performance.now();
await until('all reconnected and resynced', () => providers.every((p) => p.provider.synced));
const resyncMs = performance.now() - restartedAt;
const totalMs = performance.now() - t;

const result = {
  clients,
  communities,
  relays: 3,
  connectAllMs: Math.round(connectMs),
  oneWritePerCommunitySeenByAllMs: Math.round(fanoutMs),
  resyncAfterRestartMs: Math.round(resyncMs),
  stopRestartResyncMs: Math.round(totalMs),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
for (const p of providers) p.provider.destroy();
await Promise.all(relays.map((relay) => relay.kill('SIGTERM')));
await Promise.all([postgres.stop(), redis.stop()]);
process.exit(0);
