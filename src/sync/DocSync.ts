import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { messageSync, WebsocketProvider } from 'y-websocket';
import { writeUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';
import type { DocName, RoomKey } from '../domain/ids';
import { CloseCode, MessageType } from '../domain/protocol';
import { Reconnector, type ReconnectorOptions } from './reconnect';
import { SyncState } from './SyncState';
import { UpdateBatcher, type UpdateBatcherOptions } from './updateBatch';

/** y-protocols sync sub-message: the peer sends its state vector and asks for what it lacks. */
const SYNC_STEP_1 = 0;
/**
 * Batch keystrokes: ask the relay to confirm at most once a second while she types (at 300 ms the
 * bench counted one acknowledgement round trip per ~1.3 keys).
 */
const ACK_REQUEST_DELAY_MS = 1_000;
/**
 * Refusals that mean "not now" (a per-address or memory limit of the relay): retry after the
 * longest backoff instead of giving up, which y-websocket does for every 4400–4499 code.
 */
const BUSY_CODES: ReadonlySet<number> = new Set([CloseCode.TOO_MANY_CONNECTIONS.code, CloseCode.RELAY_BUSY.code]) // 4429 covers too-many-rooms too;

export interface DocSyncOptions {
  name: DocName;
  key: RoomKey;
  doc: Y.Doc;
  relayUrl: string;
  /** Whether the relay's last confirmed snapshot equals the document as loaded from this phone. */
  startsSynced: boolean;
  /** Called with `Y.encodeSnapshot` of the document whenever the relay confirmed storing all of it. */
  onConfirmed?: (snapshot: Uint8Array, at: number) => void;
  /** Tests and the relay-less dev server can start disconnected. */
  connect?: boolean;
  /** A WebSocket implementation where the platform has none (Node 20 in tests). */
  WebSocketPolyfill?: typeof WebSocket;
  /**
   * Called when the relay refuses the key (4401), e.g. after the facilitator rotated it. Resolves
   * to a new key to retry with (DocSync reconnects with it), or undefined to stay refused.
   */
  onRefused?: () => Promise<RoomKey | undefined>;
  /** Randomness and clock of the reconnect policy (tests). */
  reconnect?: ReconnectorOptions;
  /** Clock and timing of the batching of local updates (tests). */
  batch?: UpdateBatcherOptions;
}

/** `WebSocket.OPEN`, spelled out: Node 20 has no global WebSocket to read it from. */
const WS_OPEN = 1;

type Listener = (state: SyncState) => void;

/**
 * Keeps one document in sync with the relay through a stock y-websocket `WebsocketProvider`, and
 * tells honestly where the local changes are.
 *
 * "Tersinkron" needs more than y-websocket's `synced` (which only means "I have the server's
 * state"). After sending changes the client sends `[COMMIT_ACK, n]`; the relay echoes `n` only
 * once everything it received before that message is committed to disk. Websocket frames are
 * ordered, so an echo of `n` covers every local change made before request `n` was sent — as long
 * as those changes were on the wire before it: changes made offline travel in our reply to the
 * relay's sync step 1, so no request is sent on a connection before that reply went out.
 * Local changes made online are batched (updateBatch.ts) instead of y-websocket's frame per
 * update, and the batch is flushed right before every request, so a request still follows the
 * changes it covers. Batching delays only the wire: IndexedDB (y-indexeddb, unloadJournal.ts)
 * stores every key at once.
 * A relay that never echoes (a stock server) leaves the state at SENDING, never SYNCED.
 */
export class DocSync {
  readonly provider: WebsocketProvider;
  private readonly doc: Y.Doc;
  private readonly listeners = new Set<Listener>();
  private readonly onConfirmed: DocSyncOptions['onConfirmed'];
  /** Count of local changes; `confirmedSeq` is the part of it the relay confirmed storing. */
  private localSeq: number;
  private confirmedSeq = 0;
  private requestCounter = 0;
  /** Request number → `localSeq` when the request was sent. Cleared on every disconnect. */
  private readonly inFlight = new Map<number, number>();
  /** On this connection, we answered the relay's sync step 1 (our offline changes are sent). */
  private answeredRelay = false;
  private refused = false;
  private requestTimer: ReturnType<typeof setTimeout> | undefined;
  private current: SyncState;
  private readonly cleanups: Array<() => void> = [];
  /**
   * Reconnects are ours, not y-websocket's (jittered, see reconnect.ts): after every close we set
   * the provider's `shouldConnect` to false, which turns its own scheduled retry into a no-op.
   */
  private readonly reconnector: Reconnector;
  /** The app wants a connection (false before the first connect, while offline, after destroy). */
  private wanted = false;
  /** Local updates waiting to go out as one (replaces the provider's send-per-update). */
  private readonly batcher: UpdateBatcher;

  constructor(options: DocSyncOptions) {
    this.doc = options.doc;
    this.onConfirmed = options.onConfirmed;
    this.localSeq = options.startsSynced ? 0 : 1;
    this.provider = new WebsocketProvider(options.relayUrl, options.name, options.doc, {
      params: { key: options.key },
      connect: false,
      shouldReconnect: (event) => !(event.code >= 4400 && event.code < 4500) || BUSY_CODES.has(event.code),
      // No cross-tab BroadcastChannel: on every connect it encodes and posts the whole document
      // (0.3–0.5 s for a community-year on a 4×-throttled CPU), for a second tab a phone rarely has.
      // Tabs still meet through IndexedDB on open and through the relay.
      disableBc: true,
      ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
    });
    this.reconnector = new Reconnector(() => this.attempt(), options.reconnect);
    // y-websocket sends every update as its own frame; ours batches (it keeps the same rule of
    // never echoing what came from the relay, origin === provider).
    this.doc.off('update', this.provider._updateHandler);
    this.batcher = new UpdateBatcher((update) => this.sendUpdate(update), options.batch);
    this.installMessageHandlers();
    this.current = this.compute();

    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === this.provider) return; // came from the relay: nothing new to confirm
      this.batcher.add(_update);
      this.localSeq++;
      this.scheduleRequest(ACK_REQUEST_DELAY_MS);
      this.refresh();
    };
    this.doc.on('update', onUpdate);
    this.cleanups.push(() => this.doc.off('update', onUpdate));

    this.provider.on('status', ({ status }) => {
      if (status !== 'connected') {
        // Unsent updates travel in the reply to the next connection's sync step 1.
        this.batcher.discard();
        this.answeredRelay = false;
        this.inFlight.clear();
      }
      this.refresh();
    });
    this.provider.on('sync', (synced: boolean) => {
      if (!synced) return;
      this.reconnector.succeeded();
      this.scheduleRequest(0);
    });
    this.provider.on('connection-close', (event) => {
      // Emitted before y-websocket schedules its own retry: make that retry a no-op.
      this.provider.shouldConnect = false;
      if (!this.wanted) return;
      const code = event?.code;
      if (code !== undefined && code >= 4400 && code < 4500 && !BUSY_CODES.has(code)) return; // refused: see 'closed'
      this.reconnector.failed({ busy: code !== undefined && BUSY_CODES.has(code) });
    });
    this.provider.on('closed', ({ code }) => {
      // 4400–4499: the relay decided; y-websocket stops reconnecting. Nothing local is touched.
      if (code >= 4400 && code < 4500) this.refused = true;
      this.refresh();
      if (code === CloseCode.UNAUTHORIZED.code && options.onRefused) {
        void options.onRefused().then((key) => {
          if (key) this.useKey(key);
        });
      }
    });

    this.watchConnectivity();
    if (options.connect !== false) this.attempt();
  }

  get state(): SyncState {
    return this.current;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Try now (the teacher tapped the pill); nothing if a connection is open or opening. */
  reconnect(): void {
    if (this.refused) return;
    this.attempt();
  }

  /**
   * Send what waits now and ask the relay to confirm it; resolves true once everything typed so
   * far is confirmed stored (SYNCED), false after `timeoutMs` without that. For steps that must
   * follow her edits at the relay, e.g. a key rotation, which closes every socket of the room:
   * a removal still waiting in the batch would never reach the removed member.
   */
  confirmNow(timeoutMs: number): Promise<boolean> {
    if (this.current === SyncState.SYNCED) return Promise.resolve(true);
    this.batcher.flush();
    this.scheduleRequest(0);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        stop();
        resolve(false);
      }, timeoutMs);
      const stop = this.onChange((state) => {
        if (state !== SyncState.SYNCED) return;
        clearTimeout(timer);
        stop();
        resolve(true);
      });
    });
  }

  /** Reconnects with another key (after a key rotation); local data is untouched. */
  useKey(key: RoomKey): void {
    this.provider.params = { ...this.provider.params, key };
    this.refused = false;
    this.wanted = false;
    this.provider.disconnect();
    this.attempt();
    this.refresh();
  }

  destroy(): void {
    this.wanted = false;
    this.reconnector.cancel();
    clearTimeout(this.requestTimer);
    this.batcher.flush(); // her last keys, if the socket is still open
    for (const cleanup of this.cleanups) cleanup();
    this.provider.destroy();
    this.listeners.clear();
  }

  /** One connection attempt, unless one is open or opening. */
  private attempt(): void {
    this.wanted = true;
    this.reconnector.cancel();
    if (this.provider.ws === null) this.provider.connect();
  }

  private installMessageHandlers(): void {
    const handlers = this.provider.messageHandlers;
    const handleSync = handlers[MessageType.SYNC]!;
    handlers[MessageType.SYNC] = (encoder, decoder, provider, emitSynced, messageType) => {
      // Peek the sub-type (a one-byte varuint) before y-protocols consumes it.
      const subType = decoder.arr[decoder.pos];
      handleSync(encoder, decoder, provider, emitSynced, messageType);
      // `emitSynced` is false for messages from other tabs (BroadcastChannel), not the relay.
      if (subType === SYNC_STEP_1 && emitSynced) {
        // Our reply (sync step 2, holding offline changes) is sent right after this handler
        // returns; a request scheduled now travels behind it. That reply holds every change made
        // so far, so what waits in the batch is already on its way.
        this.batcher.discard();
        this.answeredRelay = true;
        this.scheduleRequest(0);
      }
    };
    handlers[MessageType.COMMIT_ACK] = (_encoder, decoder) => {
      this.handleAck(decoding.readVarUint(decoder));
    };
  }

  private scheduleRequest(delayMs: number): void {
    if (this.requestTimer !== undefined) {
      if (delayMs > 0) return; // one already pending covers these changes too
      clearTimeout(this.requestTimer);
    }
    this.requestTimer = setTimeout(() => {
      this.requestTimer = undefined;
      this.sendRequest();
    }, delayMs);
  }

  private sendRequest(): void {
    const ws = this.provider.ws;
    if (!this.answeredRelay || !ws || ws.readyState !== WS_OPEN) return;
    if (this.confirmedSeq >= this.localSeq) return; // nothing new to confirm
    this.batcher.flush(); // the changes this request covers go first
    const n = ++this.requestCounter;
    this.inFlight.set(n, this.localSeq);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.COMMIT_ACK);
    encoding.writeVarUint(encoder, n);
    ws.send(encoding.toUint8Array(encoder));
  }

  /** One sync update message, as y-websocket would send it; without a connection, nothing. */
  private sendUpdate(update: Uint8Array): void {
    const ws = this.provider.ws;
    if (!this.provider.wsconnected || !ws || ws.readyState !== WS_OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    writeUpdate(encoder, update);
    ws.send(encoding.toUint8Array(encoder));
  }

  private handleAck(n: number): void {
    const seq = this.inFlight.get(n);
    if (seq === undefined) return; // from a previous connection, or never asked: ignore
    for (const pending of this.inFlight.keys()) if (pending <= n) this.inFlight.delete(pending);
    this.confirmedSeq = Math.max(this.confirmedSeq, seq);
    if (this.confirmedSeq >= this.localSeq) {
      this.onConfirmed?.(Y.encodeSnapshot(Y.snapshot(this.doc)), Date.now());
    } else {
      this.scheduleRequest(0); // she kept typing while we waited
    }
    this.refresh();
  }

  private compute(): SyncState {
    if (this.refused) return SyncState.REFUSED;
    if (this.confirmedSeq >= this.localSeq) return SyncState.SYNCED;
    if (this.provider.wsconnected) return SyncState.SENDING;
    return SyncState.LOCAL;
  }

  private refresh(): void {
    const next = this.compute();
    if (next === this.current) return;
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }

  /**
   * One attempt when the network or the app comes back, instead of waiting out the backoff (a
   * nudge: several events at once make one attempt, within a short random delay so a classroom
   * whose Wi-Fi returns does not reconnect in one instant). When the phone says it went offline,
   * the socket is dropped at once and no retry runs until it is back: a dead connection otherwise
   * looks open for up to 30 s (y-websocket's silence timeout) and the pill would say "Mengirim…"
   * instead of the truth, "Tersimpan di HP".
   */
  private watchConnectivity(): void {
    if (typeof window === 'undefined') return;
    const nudge = () => {
      if (this.refused || this.provider.ws !== null) return;
      this.wanted = true;
      this.reconnector.nudge();
    };
    // Don't keep her keys waiting when the phone may sleep, close the page or lose the network.
    const flush = () => this.batcher.flush();
    const onOnline = () => {
      flush();
      nudge();
    };
    const onOffline = () => {
      flush(); // a last try, before the socket is dropped
      this.wanted = false;
      this.reconnector.cancel();
      if (this.provider.ws) this.provider.disconnect();
    };
    const onVisible = () => {
      if (document.visibilityState === 'hidden') flush();
      if (document.visibilityState === 'visible' && navigator.onLine !== false) nudge();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('pagehide', flush);
    this.cleanups.push(() => {
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisible);
    });
  }
}
