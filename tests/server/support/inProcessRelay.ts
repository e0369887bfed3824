/**
 * The relay built in this process around a Storage the test controls: for behaviour that needs
 * a slow, stalled or failing disk, which a child process cannot be given.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../sync-server/config.ts';
import type { LogFields, Logger } from '../../../sync-server/log.ts';
import { createRelay, type Relay } from '../../../sync-server/relay.ts';
import { MemoryStorage } from '../../../sync-server/storage/MemoryStorage.ts';
import type {
  AddInviteResult,
  AppendEntry,
  KeyRotation,
  NewInvite,
  PurgeResult,
  RotatedKey,
  StoredBlob,
  Storage,
  StoredInvite,
  StoredUpdate,
} from '../../../sync-server/storage/Storage.ts';
import type { DocName } from '../../../src/domain/ids.ts';

export interface InProcessRelay {
  readonly relay: Relay;
  readonly wsUrl: string;
  readonly logs: (LogFields & { msg: string })[];
  stop(): Promise<void>;
}

export async function startInProcessRelay(storage: Storage, env: Record<string, string> = {}): Promise<InProcessRelay> {
  const config = parseConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: join(tmpdir(), 'unused'),
    STATIC_DIR: join(tmpdir(), 'sejawat-no-build'),
    ...env,
  });
  const logs: (LogFields & { msg: string })[] = [];
  const record = (msg: string, fields?: LogFields): void => {
    logs.push({ ...fields, msg });
  };
  const log: Logger = { debug: record, info: record, warn: record, error: record };
  const relay = createRelay({ config, storage, log, writeRetry: { baseMs: 10, maxMs: 40 } });
  const port = await relay.listen();
  return {
    relay,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    logs,
    stop: async () => {
      await relay.shutdown(2_000);
    },
  };
}

/** Memory storage whose writes and loads a test can stall, and whose writes it can make fail. */
export class ControlledStorage implements Storage {
  readonly inner = new MemoryStorage();
  /** Sizes of the batches appendBatch was called with (failed attempts included). */
  readonly batches: number[] = [];
  failedAttempts = 0;
  /** Number of coming appendBatch calls that throw (Infinity: until changed). */
  failuresLeft = 0;
  loadCalls = 0;
  readonly events: string[] = [];
  private writeGate: Gate | undefined;
  private loadGate: Gate | undefined;

  holdWrites(): void {
    this.writeGate = gate();
  }
  releaseWrites(): void {
    this.writeGate?.open();
    this.writeGate = undefined;
  }
  holdLoads(): void {
    this.loadGate = gate();
  }
  releaseLoads(): void {
    this.loadGate?.open();
    this.loadGate = undefined;
  }

  async loadUpdates(doc: DocName): Promise<StoredUpdate[]> {
    this.loadCalls++;
    await this.loadGate?.promise;
    return this.inner.loadUpdates(doc);
  }
  async appendBatch(entries: readonly AppendEntry[]): Promise<number[]> {
    this.batches.push(entries.length);
    await this.writeGate?.promise;
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      this.failedAttempts++;
      throw new Error('simulated disk failure');
    }
    const seqs = await this.inner.appendBatch(entries);
    this.events.push('append');
    return seqs;
  }
  compact(doc: DocName, merged: Uint8Array, covered: readonly number[]): Promise<number> {
    return this.inner.compact(doc, merged, covered);
  }
  getKeyHash(doc: DocName): Promise<Uint8Array | undefined> {
    return this.inner.getKeyHash(doc);
  }
  registerKeyHash(doc: DocName, hash: Uint8Array): Promise<Uint8Array> {
    return this.inner.registerKeyHash(doc, hash);
  }
  // Room access (admin, members, invites, rotation) is not what these tests control: delegated.
  registerAdminKeyHash(doc: DocName, hash: Uint8Array, at: number): Promise<Uint8Array> {
    return this.inner.registerAdminKeyHash(doc, hash, at);
  }
  getAdminKeyHash(doc: DocName): Promise<Uint8Array | undefined> {
    return this.inner.getAdminKeyHash(doc);
  }
  registerMemberSecretHash(doc: DocName, memberId: string, hash: Uint8Array, at: number): Promise<Uint8Array> {
    return this.inner.registerMemberSecretHash(doc, memberId, hash, at);
  }
  getMemberSecretHash(doc: DocName, memberId: string): Promise<Uint8Array | undefined> {
    return this.inner.getMemberSecretHash(doc, memberId);
  }
  addInvite(invite: NewInvite, maxActive: number): Promise<AddInviteResult> {
    return this.inner.addInvite(invite, maxActive);
  }
  getInvite(codeHash: Uint8Array): Promise<StoredInvite | undefined> {
    return this.inner.getInvite(codeHash);
  }
  revokeInvite(codeHash: Uint8Array, at: number): Promise<boolean> {
    return this.inner.revokeInvite(codeHash, at);
  }
  purgeInvites(now: number, deleteExpiredBefore: number): Promise<PurgeResult> {
    return this.inner.purgeInvites(now, deleteExpiredBefore);
  }
  rotateRoomKey(doc: DocName, rotation: KeyRotation): Promise<boolean> {
    return this.inner.rotateRoomKey(doc, rotation);
  }
  getRotatedKey(doc: DocName): Promise<RotatedKey | undefined> {
    return this.inner.getRotatedKey(doc);
  }
  putBlob(hash: string, doc: DocName, type: string, bytes: Uint8Array, at: number): Promise<boolean> {
    return this.inner.putBlob(hash, doc, type, bytes, at);
  }
  getBlob(hash: string, doc: DocName): Promise<StoredBlob | undefined> {
    return this.inner.getBlob(hash, doc);
  }
  async close(): Promise<void> {
    this.events.push('close');
    await this.inner.close();
  }
}

interface Gate {
  promise: Promise<void>;
  open: () => void;
}

function gate(): Gate {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
