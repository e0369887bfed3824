/**
 * The registry of rooms in memory: who may enter (trust on first use), loading before serving,
 * idle unloading, compaction triggers, and recovery of a room a bad update damaged.
 */
import { DocKind, docKind, historyDocOf, keyDocOf, type DocName, type RoomKey } from '../src/domain/ids.ts';
import { CloseCode } from '../src/domain/protocol.ts';
import { compactRoom } from './compaction.ts';
import type { Connection } from './connection.ts';
import type { Fanout } from './fanout/Fanout.ts';
import { errorFields, type Logger } from './log.ts';
import { Room } from './Room.ts';
import { hashRoomKey, keyHashesMatch } from './roomKeys.ts';
import type { Storage } from './storage/Storage.ts';
import type { WriteQueue } from './writeQueue.ts';

export interface RoomsOptions {
  readonly storage: Storage;
  readonly queue: WriteQueue;
  readonly log: Logger;
  readonly roomIdleMs: number;
  readonly compactAfterUpdates: number;
  /** Budget of `Room.estimatedBytes` over all rooms in memory (MAX_LOADED_ROOMS_BYTES). */
  readonly maxLoadedRoomsBytes: number;
  /** Other relays of the same documents (docs/DEPLOY.md); nobody in the embedded default. */
  readonly fanout: Fanout;
  /** Another relay rotated `doc`'s key: do what a rotation here does (relay.ts). */
  readonly onRemoteRotation: (doc: DocName, keyHash: Uint8Array) => void;
}

export class Rooms {
  private readonly rooms = new Map<DocName, Room>();
  private readonly storage: Storage;
  private readonly queue: WriteQueue;
  private readonly log: Logger;

  private readonly fanout: Fanout;

  constructor(private readonly options: RoomsOptions) {
    this.storage = options.storage;
    this.queue = options.queue;
    this.log = options.log;
    this.fanout = options.fanout;
    this.fanout.listen({
      onUpdate: (doc, seq, update) => this.withRoom(doc, 'remote update', (room) => room.applyRemoteUpdate(update, seq)),
      onAwareness: (doc, update) => this.withRoom(doc, 'remote awareness', (room) => room.applyRemoteAwareness(update)),
      onRotated: (doc, keyHash) => options.onRemoteRotation(doc, keyHash),
      onResubscribed: () => void this.catchUpAll(),
    });
  }

  /** Rooms in memory (loaded or loading). */
  get size(): number {
    return this.rooms.size;
  }

  /**
   * Bring `conn` into its room: check the key, wait for the stored state to load, then attach.
   * Messages `conn` receives meanwhile wait in its inbox (the reference server's race,
   * y-websocket#81: serving a document before persistence has loaded hands out an empty state).
   * Never rejects: every failure closes `conn` with a named code.
   */
  async join(conn: Connection, key: RoomKey): Promise<void> {
    try {
      const presented = hashRoomKey(key);
      // A history document `h-<id>` is entered with its community's key (ids.ts, keyDocOf).
      const keyDoc = keyDocOf(conn.doc);
      const stored = this.rooms.get(keyDoc)?.keyHash ?? (await this.storedKeyHash(keyDoc, presented));
      if (!keyHashesMatch(presented, stored)) {
        this.log.warn('connection refused', { conn: conn.id, doc: conn.doc, reason: 'wrong-key' });
        conn.close(CloseCode.UNAUTHORIZED);
        return;
      }
      if (conn.closed) return;
      if (!this.rooms.has(conn.doc) && !this.makeRoomFor(conn.doc)) {
        this.log.warn('connection refused', { conn: conn.id, doc: conn.doc, reason: 'relay-busy' });
        conn.close(CloseCode.RELAY_BUSY);
        return;
      }
      const room = this.acquire(conn.doc, stored);
      conn.onClose(() => this.release(room, conn));
      await room.ready;
      if (conn.closed) return;
      if (room.destroyed || room.tainted) {
        // Reset while we waited for it; the client reconnects to a fresh copy.
        conn.close(CloseCode.SHUTTING_DOWN);
        return;
      }
      conn.attach(room);
    } catch (err) {
      this.log.error('could not open room', { conn: conn.id, doc: conn.doc, ...errorFields(err) });
      conn.close(CloseCode.STORAGE_UNAVAILABLE);
    }
  }

  /**
   * The room's key was rotated (storage already holds the new hash): later connections are checked
   * against `keyHash`. Closing the sockets that used the old key is the caller's part.
   */
  replaceKeyHash(doc: DocName, keyHash: Uint8Array): void {
    for (const name of roomsEnteredWithKeyOf(doc)) {
      const room = this.rooms.get(name);
      if (room !== undefined) room.keyHash = keyHash;
    }
  }

  /** Sum of `estimatedBytes` of the rooms in memory. */
  get loadedBytes(): number {
    let total = 0;
    for (const room of this.rooms.values()) total += room.estimatedBytes;
    return total;
  }

  /**
   * Before loading `doc`: if the rooms in memory fill MAX_LOADED_ROOMS_BYTES, unload rooms without
   * clients, least recently used first (each only once its writes are stored, as on idle: never
   * dropping data). False when rooms with clients alone fill the budget: nothing can be unloaded
   * and the caller refuses with 4503 relay-busy, which clients retry later. The budget is soft: a
   * room's size is known only once loaded, and rooms grow while in use.
   */
  private makeRoomFor(doc: DocName): boolean {
    const budget = this.options.maxLoadedRoomsBytes;
    let total = 0;
    let held = 0;
    const idle: Room[] = [];
    for (const room of this.rooms.values()) {
      if (room.unloading) continue;
      total += room.estimatedBytes;
      if (room.holders > 0) held += room.estimatedBytes;
      else if (!room.destroyed && !room.tainted) idle.push(room);
    }
    if (total < budget) return true;
    if (held >= budget) return false;
    idle.sort((a, b) => a.lastUsedAt - b.lastUsedAt);
    for (const room of idle) {
      if (total < budget) break;
      total -= room.estimatedBytes;
      this.log.info('unloading room for memory', { doc: room.name, bytes: room.estimatedBytes, for: doc });
      clearTimeout(room.idleTimer);
      void this.tryUnload(room);
    }
    return true;
  }

  /** Drop every room from memory (shutdown, after the write queue has drained). */
  clear(): void {
    for (const room of this.rooms.values()) this.dispose(room);
    this.rooms.clear();
  }

  private async storedKeyHash(doc: DocName, presented: Uint8Array): Promise<Uint8Array> {
    // Read first: registering is a write (an fsync) that only a room's first connection needs.
    return (await this.storage.getKeyHash(doc)) ?? (await this.storage.registerKeyHash(doc, presented));
  }

  private acquire(doc: DocName, keyHash: Uint8Array): Room {
    let room = this.rooms.get(doc);
    if (room === undefined) {
      const created = new Room(
        doc,
        keyHash,
        {
          onStored: (r) => this.onStored(r),
          onTainted: (r) => this.reset(r),
          onLocalAwareness: (r, update) => this.fanout.publishAwareness(r.name, update),
        },
        this.log,
      );
      this.rooms.set(doc, created);
      created.ready = this.load(created);
      // Joiners await `ready` and handle its failure; this only keeps Node from calling it unhandled.
      created.ready.catch(() => {});
      room = created;
    }
    room.holders++;
    room.lastUsedAt = performance.now();
    clearTimeout(room.idleTimer);
    room.idleTimer = undefined;
    return room;
  }

  private release(room: Room, conn: Connection): void {
    room.removePeer(conn);
    room.holders--;
    room.lastUsedAt = performance.now();
    if (room.holders === 0 && !room.destroyed) this.scheduleUnload(room);
  }

  private async load(room: Room): Promise<void> {
    const started = performance.now();
    // Subscribed before reading storage: a row another relay commits meanwhile is either in what
    // we read or announced to us (or both: applying twice is harmless).
    const subscribed = this.fanout.join(room.name);
    try {
      await subscribed;
      // After a reset, the damaged copy's last updates may still be on their way to disk: load
      // once they are there, or this copy would miss them.
      if (this.queue.pendingFor(room.name) > 0) await this.queue.whenCommitted();
      const { rows, skipped } = await room.load(this.storage);
      this.log.info('room loaded', { doc: room.name, rows, skipped, ms: Math.round(performance.now() - started) });
    } catch (err) {
      this.log.error('room load failed', { doc: room.name, ...errorFields(err) });
      if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
      this.dispose(room);
      throw err;
    }
  }

  private scheduleUnload(room: Room): void {
    clearTimeout(room.idleTimer);
    room.idleTimer = setTimeout(() => void this.tryUnload(room), this.options.roomIdleMs);
    // An idle room must not keep a process (or a test) alive on its own.
    room.idleTimer.unref();
  }

  private async tryUnload(room: Room): Promise<void> {
    if (room.holders > 0 || room.destroyed || room.tainted || room.unloading) return;
    if (this.queue.pendingFor(room.name) > 0) {
      // Never unload with a write pending: if the disk is failing, memory holds the only copy.
      void this.queue.whenCommitted().then(() => this.tryUnload(room));
      return;
    }
    room.unloading = true;
    try {
      await this.compact(room);
    } finally {
      room.unloading = false;
    }
    if (room.holders > 0 || room.destroyed) return;
    if (this.queue.pendingFor(room.name) > 0) {
      void this.queue.whenCommitted().then(() => this.tryUnload(room));
      return;
    }
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
    this.dispose(room);
    this.log.info('room unloaded', { doc: room.name, storedRows: room.storedSeqs.size });
  }

  private compact(room: Room): Promise<void> {
    return compactRoom(room, { storage: this.storage, queue: this.queue, log: this.log });
  }

  private onStored(room: Room): void {
    if (room.storedSeqs.size > this.options.compactAfterUpdates) void this.compact(room);
  }

  /**
   * An update broke half-way into the room's doc. Drop this copy: close its peers with 1012 (their
   * clients reconnect and resend what the relay lacks) and let the next connection load a fresh
   * copy from storage, which only holds updates that applied cleanly.
   */
  private reset(room: Room): void {
    if (room.destroyed) return;
    this.log.error('room reset: reloading it from storage', { doc: room.name, peers: room.peers.size });
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
    clearTimeout(room.idleTimer);
    for (const peer of [...room.peers]) peer.close(CloseCode.SHUTTING_DOWN, 'room-reset');
    // Destroyed once its writes are stored: they are still valid updates the peers sent.
    void this.queue.whenCommitted().then(() => this.dispose(room));
  }

  private dispose(room: Room): void {
    if (room.destroyed) return;
    room.destroy();
    this.fanout.leave(room.name);
  }

  /** Run `apply` on `doc`'s room if this relay holds a sound copy; a throw resets that copy. */
  private withRoom(doc: DocName, what: string, apply: (room: Room) => void): void {
    const room = this.rooms.get(doc);
    if (room === undefined || room.destroyed || room.tainted) return;
    try {
      apply(room);
    } catch (err) {
      this.log.error(`${what} could not be applied; reloading the room`, { doc, ...errorFields(err) });
      room.tainted = true;
      this.reset(room);
    }
  }

  /** After the fan-out was away: read the rows other relays stored meanwhile, for every room. */
  private async catchUpAll(): Promise<void> {
    for (const room of [...this.rooms.values()]) {
      if (room.destroyed || room.tainted) continue;
      try {
        await room.ready;
        const applied = await room.catchUp(this.storage);
        if (applied > 0) this.log.info('room caught up from storage', { doc: room.name, rows: applied });
      } catch (err) {
        this.log.warn('catch-up failed; the room keeps what it has', { doc: room.name, ...errorFields(err) });
      }
    }
  }
}

/** The rooms a client enters with `doc`'s key: the document itself and, for a community, its history. */
export function roomsEnteredWithKeyOf(doc: DocName): DocName[] {
  return docKind(doc) === DocKind.COMMUNITY ? [doc, historyDocOf(doc)] : [doc];
}
