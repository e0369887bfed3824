/**
 * One document in memory: its Y.Doc, its awareness (who is here), the peers connected to it, and
 * which stored rows its state is known to contain (what compaction may replace).
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { CloseCode } from '../src/domain/protocol.ts';
import type { DocName } from '../src/domain/ids.ts';
import { ProtocolError, ProtocolReason } from './errors.ts';
import { errorFields, type Logger } from './log.ts';
import { encodeAwareness, encodeSyncUpdate } from './messages.ts';
import type { Storage } from './storage/Storage.ts';

/** What a room needs from a connection. */
export interface RoomPeer {
  readonly id: number;
  /** Awareness client ids this peer has announced: removed for everyone when it leaves. */
  readonly awarenessClientIds: Set<number>;
  send(message: Uint8Array): void;
  close(code: CloseCode, logReason?: string): void;
}

export interface RoomHooks {
  /** A row of this room became durable. */
  onStored(room: Room): void;
  /** An update failed half-way through being applied: the in-memory doc can no longer be trusted. */
  onTainted(room: Room): void;
  /** Awareness changed here (a peer of this relay, or one leaving): other relays should hear it. */
  onLocalAwareness?(room: Room, update: Uint8Array): void;
}

/** Transaction origin of updates read back from storage (never broadcast: no peer is attached yet). */
const STORAGE_ORIGIN = Symbol('storage');
/** Origin of updates and awareness another relay announced (fanout/Fanout.ts): already stored. */
const FANOUT_ORIGIN = Symbol('fanout');

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly peers = new Set<RoomPeer>();
  /** Seqs of stored rows whose content this doc holds; compaction replaces exactly these. */
  readonly storedSeqs = new Set<number>();

  /** Connections that hold this room: attached, or waiting for it to load. */
  holders = 0;
  /**
   * Rough memory weight: bytes of the stored rows loaded plus updates applied since (the encoded
   * size; the Y.Doc in memory is a small multiple of it). Drives MAX_LOADED_ROOMS_BYTES.
   */
  estimatedBytes = 0;
  /** `performance.now()` when a connection last joined or left: least recently used unloads first. */
  lastUsedAt = 0;
  ready: Promise<void> = Promise.resolve();
  idleTimer: NodeJS.Timeout | undefined;
  compacting = false;
  unloading = false;
  tainted = false;
  destroyed = false;
  /** Broadcasts produced while a peer's update is being applied; sent only if it applies cleanly. */
  private held: Uint8Array[] | undefined;

  constructor(
    readonly name: DocName,
    /**
     * Hash of the room's key, cached so later connections need no storage round trip. Replaced
     * when the key is rotated (Rooms.replaceKeyHash).
     */
    public keyHash: Uint8Array,
    private readonly hooks: RoomHooks,
    private readonly log: Logger,
  ) {
    // The relay is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
  }

  /** Apply every stored row; a row that fails is logged and skipped so the rest still loads. */
  async load(storage: Storage): Promise<{ rows: number; skipped: number }> {
    const rows = await storage.loadUpdates(this.name);
    let skipped = 0;
    // One transaction for all rows: Yjs runs its cleanup (merging structs, gc) once, not per row.
    Y.transact(
      this.doc,
      () => {
        for (const row of rows) {
          try {
            Y.decodeUpdate(row.update);
            Y.applyUpdate(this.doc, row.update, STORAGE_ORIGIN);
            this.storedSeqs.add(row.seq);
            this.estimatedBytes += row.update.byteLength;
          } catch (err) {
            // Not added to storedSeqs, so compaction never deletes it: a later version may read it.
            skipped++;
            this.log.error('stored update could not be applied; skipped', { doc: this.name, seq: row.seq, ...errorFields(err) });
          }
        }
      },
      STORAGE_ORIGIN,
    );
    this.doc.on('update', this.broadcastUpdate);
    this.awareness.on('update', this.broadcastAwareness);
    return { rows: rows.length, skipped };
  }

  addPeer(peer: RoomPeer): void {
    this.peers.add(peer);
  }

  removePeer(peer: RoomPeer): void {
    if (!this.peers.delete(peer)) return;
    // Its cursors and "is here" states go away for everyone else now, not after a 30 s timeout.
    awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessClientIds], null);
  }

  /** Apply a (decoded, validated) update from `peer`; the doc's update event relays it to the others. */
  applyUpdate(update: Uint8Array, peer: RoomPeer): void {
    const held: Uint8Array[] = [];
    this.held = held;
    try {
      Y.applyUpdate(this.doc, update, peer);
      this.estimatedBytes += update.byteLength;
    } catch (err) {
      // Y.decodeUpdate accepted it, yet integration threw: some structs are already in the doc
      // (Yjs even emitted them). They were held back from the other peers; the offender is closed
      // by our caller; the room is reloaded from storage, which only ever received updates that
      // applied cleanly.
      this.tainted = true;
      this.log.error('update failed while being applied', { doc: this.name, conn: peer.id, ...errorFields(err) });
      queueMicrotask(() => this.hooks.onTainted(this));
      throw new ProtocolError(ProtocolReason.UPDATE_REJECTED);
    } finally {
      this.held = undefined;
    }
    for (const message of held) this.sendToOthers(message, peer);
  }

  /**
   * Apply an update another relay committed as row `seq` (fan-out): relayed to this relay's peers,
   * never stored again, and `seq` counts as stored here (compaction may merge it).
   */
  applyRemoteUpdate(update: Uint8Array, seq: number): void {
    if (this.storedSeqs.has(seq)) return;
    Y.applyUpdate(this.doc, update, FANOUT_ORIGIN);
    this.noteStored(seq);
  }

  applyRemoteAwareness(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, FANOUT_ORIGIN);
  }

  /**
   * Apply the stored rows this doc does not hold yet (written by other relays while their
   * announcements could not reach us). Resolves with how many there were.
   */
  async catchUp(storage: Storage): Promise<number> {
    const rows = await storage.loadUpdates(this.name);
    let applied = 0;
    for (const row of rows) {
      if (this.destroyed || this.tainted) break;
      if (this.storedSeqs.has(row.seq)) continue;
      this.applyRemoteUpdate(row.update, row.seq);
      applied++;
    }
    return applied;
  }

  applyAwareness(update: Uint8Array, peer: RoomPeer): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
  }

  /** Every known awareness state, as one AWARENESS message (for a new peer or QUERY_AWARENESS). */
  encodeAwarenessStates(): Uint8Array {
    const clients = [...this.awareness.getStates().keys()];
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  noteStored(seq: number): void {
    this.storedSeqs.add(seq);
    this.hooks.onStored(this);
  }

  /** After a compaction: `covered` rows are gone, `mergedSeq` holds them. */
  replaceStored(covered: readonly number[], mergedSeq: number): void {
    for (const seq of covered) this.storedSeqs.delete(seq);
    this.storedSeqs.add(mergedSeq);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    clearTimeout(this.idleTimer);
    this.doc.off('update', this.broadcastUpdate);
    this.awareness.off('update', this.broadcastAwareness);
    // Also destroys the awareness (and its 3 s timer) through the doc's destroy event.
    this.doc.destroy();
  }

  private readonly broadcastUpdate = (update: Uint8Array, origin: unknown): void => {
    const message = encodeSyncUpdate(update);
    if (this.held !== undefined) this.held.push(message);
    else this.sendToOthers(message, origin);
  };

  private sendToOthers(message: Uint8Array, origin: unknown): void {
    for (const peer of this.peers) if (peer !== origin) peer.send(message);
  }

  private readonly broadcastAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (this.peers.has(origin as RoomPeer)) {
      const ids = (origin as RoomPeer).awarenessClientIds;
      for (const id of added) ids.add(id);
      for (const id of updated) ids.add(id);
      for (const id of removed) ids.delete(id);
    }
    const changed = added.concat(updated, removed);
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    if (origin !== FANOUT_ORIGIN) this.hooks.onLocalAwareness?.(this, update);
    const message = encodeAwareness(update);
    // Sent to the sender too, like the reference server: a y-websocket client that is alone in a
    // room hears nothing else, and it drops a connection that has been silent for 30 s.
    for (const peer of this.peers) peer.send(message);
  };
}
