/**
 * Fan-out over Redis pub/sub (REDIS_URL): one channel per document, binary messages, one
 * connection to publish and one to subscribe. Why pub/sub and not streams or PostgreSQL
 * LISTEN/NOTIFY: docs/DEPLOY.md ("Why Redis pub/sub").
 *
 * A message is `[kind][relay id: 8 bytes][seq: float64, updates only][payload]`; a relay ignores
 * its own. Pub/sub drops what is sent while a subscriber is disconnected, so after every (re)connect
 * this subscribes again to every joined document and then tells the listener to catch up from
 * storage (Fanout.ts).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DocName } from '../../src/domain/ids.ts';
import { errorFields, type Logger } from '../log.ts';
import type { Fanout, FanoutListener } from './Fanout.ts';

const KIND_UPDATE = 1;
const KIND_AWARENESS = 2;
const KIND_ROTATION = 3;
const ID_BYTES = 8;
const CHANNEL_PREFIX = 'sejawat:doc:';
/** How long `join` waits for Redis to confirm a subscription before going on without it. */
const JOIN_TIMEOUT_MS = 2_000;

export class RedisFanout implements Fanout {
  private readonly id = randomBytes(ID_BYTES);
  private readonly pub: Redis;
  private readonly sub: Redis;
  private listener: FanoutListener | undefined;
  /** Joined documents and how many rooms hold each. */
  private readonly joined = new Map<DocName, number>();
  /** True once subscribed again to every joined document after the latest (re)connect. */
  private subscribed = false;
  private outage: string | undefined = 'connecting to Redis';
  private readonly availableCallbacks: (() => void)[] = [];
  private closing = false;

  constructor(url: string, private readonly log: Logger) {
    const options = {
      // Never give up reconnecting; retry fast at first, then every 2 s.
      retryStrategy: (times: number) => Math.min(50 * times, 2_000),
      // A command issued while disconnected waits for the reconnect (publishes of committed updates).
      maxRetriesPerRequest: null,
      autoResubscribe: false,
      connectTimeout: 5_000,
      connectionName: 'sejawat-relay',
    };
    this.pub = new Redis(url, options);
    this.sub = new Redis(url, options);
    for (const [name, conn] of [['publish', this.pub], ['subscribe', this.sub]] as const) {
      conn.on('error', (err: Error) => this.lost(`Redis ${name} connection: ${err.message}`));
      conn.on('close', () => this.lost(`Redis ${name} connection closed`));
      conn.on('ready', () => void this.onReady());
    }
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel, message));
  }

  listen(listener: FanoutListener): void {
    this.listener = listener;
  }

  async join(doc: DocName): Promise<void> {
    const count = this.joined.get(doc) ?? 0;
    this.joined.set(doc, count + 1);
    if (count > 0 || !this.subscribed) return;
    await withTimeout(
      this.sub.subscribe(CHANNEL_PREFIX + doc).then(
        () => undefined,
        (err: unknown) => this.log.warn('fan-out: subscribe failed; the catch-up after reconnecting covers it', { doc, ...errorFields(err) }),
      ),
      JOIN_TIMEOUT_MS,
    );
  }

  leave(doc: DocName): void {
    const count = (this.joined.get(doc) ?? 0) - 1;
    if (count > 0) {
      this.joined.set(doc, count);
      return;
    }
    this.joined.delete(doc);
    if (this.subscribed) this.sub.unsubscribe(CHANNEL_PREFIX + doc).catch(() => {});
  }

  publishUpdate(doc: DocName, seq: number, update: Uint8Array): void {
    const head = Buffer.alloc(1 + ID_BYTES + 8);
    head[0] = KIND_UPDATE;
    this.id.copy(head, 1);
    head.writeDoubleBE(seq, 1 + ID_BYTES);
    // Committed already: if Redis is away this waits in ioredis' queue and goes out on reconnect.
    this.publish(doc, Buffer.concat([head, update]));
  }

  publishAwareness(doc: DocName, update: Uint8Array): void {
    // Presence is renewed every 15 s by each client: while Redis is away, drop rather than queue.
    if (this.pub.status !== 'ready') return;
    this.publish(doc, Buffer.concat([Buffer.of(KIND_AWARENESS), this.id, update]));
  }

  publishRotation(doc: DocName, keyHash: Uint8Array): void {
    this.publish(doc, Buffer.concat([Buffer.of(KIND_ROTATION), this.id, keyHash]));
  }

  unavailable(): string | undefined {
    if (this.closing) return 'shutting down';
    if (this.pub.status !== 'ready' || this.sub.status !== 'ready' || !this.subscribed) return this.outage ?? 'connecting to Redis';
    return undefined;
  }

  onAvailable(callback: () => void): void {
    this.availableCallbacks.push(callback);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([this.pub.quit().catch(() => this.pub.disconnect()), this.sub.quit().catch(() => this.sub.disconnect())]);
  }

  private publish(doc: DocName, message: Buffer): void {
    this.pub.publish(CHANNEL_PREFIX + doc, message).catch((err: unknown) => {
      if (!this.closing) this.log.warn('fan-out: publish failed', { doc, ...errorFields(err) });
    });
  }

  private lost(why: string): void {
    if (this.closing) return;
    this.subscribed = this.subscribed && this.sub.status === 'ready';
    if (this.outage !== undefined) return;
    this.outage = why;
    this.log.error('fan-out unavailable: holding writes back until Redis is reachable again', { reason: why });
  }

  private async onReady(): Promise<void> {
    if (this.closing || this.pub.status !== 'ready' || this.sub.status !== 'ready') return;
    try {
      const channels = [...this.joined.keys()].map((doc) => CHANNEL_PREFIX + doc);
      if (channels.length > 0) await this.sub.subscribe(...channels);
      else await this.sub.ping();
    } catch (err) {
      this.log.warn('fan-out: resubscribing failed; waiting for the next reconnect', errorFields(err));
      return;
    }
    if (this.sub.status !== 'ready') return;
    // Anything joined while the subscribe above was in flight was recorded in `joined` but not
    // subscribed: subscribe those too before declaring the fan-out whole again.
    const late = [...this.joined.keys()].map((doc) => CHANNEL_PREFIX + doc);
    if (late.length > 0) await this.sub.subscribe(...late).catch(() => {});
    const wasOut = this.outage;
    this.subscribed = true;
    this.outage = undefined;
    if (wasOut !== undefined) this.log.info('fan-out available', { after: wasOut, docs: this.joined.size });
    this.listener?.onResubscribed();
    for (const callback of this.availableCallbacks) callback();
  }

  private receive(channelBytes: Buffer, message: Buffer): void {
    const channel = channelBytes.toString('latin1');
    if (!channel.startsWith(CHANNEL_PREFIX) || message.length < 1 + ID_BYTES) return;
    if (message.subarray(1, 1 + ID_BYTES).equals(this.id)) return; // our own
    const doc = channel.slice(CHANNEL_PREFIX.length) as DocName;
    const kind = message[0];
    try {
      if (kind === KIND_UPDATE && message.length >= 1 + ID_BYTES + 8) {
        const seq = message.readDoubleBE(1 + ID_BYTES);
        this.listener?.onUpdate(doc, seq, new Uint8Array(message.subarray(1 + ID_BYTES + 8)));
      } else if (kind === KIND_AWARENESS) {
        this.listener?.onAwareness(doc, new Uint8Array(message.subarray(1 + ID_BYTES)));
      } else if (kind === KIND_ROTATION) {
        this.listener?.onRotated(doc, new Uint8Array(message.subarray(1 + ID_BYTES)));
      }
    } catch (err) {
      this.log.error('fan-out: message could not be applied', { doc, kind, ...errorFields(err) });
    }
  }
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}
