/**
 * Fan-out: how relays serving the same document hear each other. With one relay (the embedded
 * default) there is nobody to tell: `LocalFanout` does nothing. With several relays behind a load
 * balancer (docs/DEPLOY.md), `RedisFanout` carries, per document:
 *
 * - every update *after* it was committed to the shared database, with its seq, so a relay that
 *   receives it applies it to its in-memory room, relays it to its own clients, and notes the seq
 *   as stored (compaction may then merge it) without storing it again;
 * - awareness (who is here, cursors), which is never stored;
 * - key rotations, so every relay drops the sockets of a rotated room, not just the one that
 *   handled the rotation.
 *
 * Messages sent while a relay was cut off from the fan-out are not replayed; instead a relay that
 * (re)connects reads from storage, for every room it holds, the rows it has not seen
 * (`onResubscribed`). Until the fan-out is reachable a relay commits nothing and so acknowledges
 * nothing (`unavailable`): an update stored but never announced would be invisible to the other
 * relays' clients until their room reloads.
 */
import type { DocName } from '../../src/domain/ids.ts';

export interface FanoutListener {
  onUpdate(doc: DocName, seq: number, update: Uint8Array): void;
  onAwareness(doc: DocName, update: Uint8Array): void;
  onRotated(doc: DocName, keyHash: Uint8Array): void;
  /** The fan-out is (again) subscribed to every joined document: catch up from storage. */
  onResubscribed(): void;
}

export interface Fanout {
  /** Where incoming messages go (one listener: the relay's rooms). */
  listen(listener: FanoutListener): void;
  /**
   * Start hearing `doc` (counted: each join needs one leave). Resolves once subscribed, so a
   * storage read after it misses nothing; resolves at once while disconnected (the catch-up
   * after reconnecting covers that gap). Never rejects.
   */
  join(doc: DocName): Promise<void>;
  leave(doc: DocName): void;
  /** Announce a committed update (after COMMIT, with its seq). */
  publishUpdate(doc: DocName, seq: number, update: Uint8Array): void;
  publishAwareness(doc: DocName, update: Uint8Array): void;
  publishRotation(doc: DocName, keyHash: Uint8Array): void;
  /** Undefined while writes may be committed and acknowledged; otherwise why not (for logs and /readyz). */
  unavailable(): string | undefined;
  /** Called whenever `unavailable()` may have become undefined (e.g. to retry held writes now). */
  onAvailable(callback: () => void): void;
  close(): Promise<void>;
}

/** One relay, nobody to tell. */
export class LocalFanout implements Fanout {
  listen(): void {}
  join(): Promise<void> {
    return Promise.resolve();
  }
  leave(): void {}
  publishUpdate(): void {}
  publishAwareness(): void {}
  publishRotation(): void {}
  unavailable(): string | undefined {
    return undefined;
  }
  onAvailable(): void {}
  close(): Promise<void> {
    return Promise.resolve();
  }
}
