/**
 * Storage in process memory: for tests and for trying the relay without a disk. Loses everything
 * when the process ends, so it must never be the default.
 */
import type { DocName } from '../../src/domain/ids.ts';
import {
  AddInviteStatus,
  type AddInviteResult,
  type AppendEntry,
  type KeyRotation,
  type NewInvite,
  type PurgeResult,
  type RotatedKey,
  type Storage,
  type StoredBlob,
  type StoredInvite,
  type StoredUpdate,
} from './Storage.ts';

type MutableInvite = { -readonly [K in keyof StoredInvite]: StoredInvite[K] };

export class MemoryStorage implements Storage {
  private readonly updates = new Map<DocName, StoredUpdate[]>();
  private readonly keyHashes = new Map<DocName, Uint8Array>();
  private readonly adminKeyHashes = new Map<DocName, Uint8Array>();
  /** Per room: member id -> hash of her secret. */
  private readonly members = new Map<DocName, Map<string, Uint8Array>>();
  /** By the hex of the code hash. */
  private readonly invites = new Map<string, MutableInvite>();
  private readonly rotatedKeys = new Map<DocName, RotatedKey>();
  /** Attachments by hash, and the rooms each was put for. */
  private readonly blobs = new Map<string, { blob: StoredBlob; docs: Set<DocName> }>();
  private nextSeq = 1;
  private closed = false;

  async loadUpdates(doc: DocName): Promise<StoredUpdate[]> {
    this.assertOpen();
    return (this.updates.get(doc) ?? []).map((row) => ({ seq: row.seq, update: copy(row.update) }));
  }

  async appendBatch(entries: readonly AppendEntry[]): Promise<number[]> {
    this.assertOpen();
    return entries.map(({ doc, update }) => {
      const seq = this.nextSeq++;
      this.rows(doc).push({ seq, update: copy(update) });
      return seq;
    });
  }

  async compact(doc: DocName, merged: Uint8Array, covered: readonly number[]): Promise<number> {
    this.assertOpen();
    const drop = new Set(covered);
    const seq = this.nextSeq++;
    const kept = this.rows(doc).filter((row) => !drop.has(row.seq));
    kept.push({ seq, update: copy(merged) });
    this.updates.set(doc, kept);
    return seq;
  }

  async getKeyHash(doc: DocName): Promise<Uint8Array | undefined> {
    this.assertOpen();
    const hash = this.keyHashes.get(doc);
    return hash === undefined ? undefined : copy(hash);
  }

  async registerKeyHash(doc: DocName, hash: Uint8Array): Promise<Uint8Array> {
    this.assertOpen();
    if (!this.keyHashes.has(doc)) this.keyHashes.set(doc, copy(hash));
    return copy(this.keyHashes.get(doc) as Uint8Array);
  }

  async registerAdminKeyHash(doc: DocName, hash: Uint8Array, _at: number): Promise<Uint8Array> {
    this.assertOpen();
    if (!this.adminKeyHashes.has(doc)) this.adminKeyHashes.set(doc, copy(hash));
    return copy(this.adminKeyHashes.get(doc) as Uint8Array);
  }

  async getAdminKeyHash(doc: DocName): Promise<Uint8Array | undefined> {
    this.assertOpen();
    const hash = this.adminKeyHashes.get(doc);
    return hash === undefined ? undefined : copy(hash);
  }

  async registerMemberSecretHash(doc: DocName, memberId: string, hash: Uint8Array, _at: number): Promise<Uint8Array> {
    this.assertOpen();
    let members = this.members.get(doc);
    if (members === undefined) {
      members = new Map();
      this.members.set(doc, members);
    }
    if (!members.has(memberId)) members.set(memberId, copy(hash));
    return copy(members.get(memberId) as Uint8Array);
  }

  async getMemberSecretHash(doc: DocName, memberId: string): Promise<Uint8Array | undefined> {
    this.assertOpen();
    const hash = this.members.get(doc)?.get(memberId);
    return hash === undefined ? undefined : copy(hash);
  }

  async addInvite(invite: NewInvite, maxActive: number): Promise<AddInviteResult> {
    this.assertOpen();
    const id = hex(invite.codeHash);
    if (this.invites.has(id)) return { status: AddInviteStatus.CODE_TAKEN };
    const active = [...this.invites.values()].filter(
      (other) => other.doc === invite.doc && other.revokedAt === undefined && other.expiresAt > invite.createdAt,
    );
    if (active.length >= maxActive) {
      return { status: AddInviteStatus.LIMIT_REACHED, nextExpiry: Math.min(...active.map((other) => other.expiresAt)) };
    }
    const { doc, key, createdAt, expiresAt } = invite;
    this.invites.set(id, { doc, key, createdAt, expiresAt, revokedAt: undefined });
    return { status: AddInviteStatus.ADDED };
  }

  async getInvite(codeHash: Uint8Array): Promise<StoredInvite | undefined> {
    this.assertOpen();
    const invite = this.invites.get(hex(codeHash));
    return invite === undefined ? undefined : { ...invite };
  }

  async revokeInvite(codeHash: Uint8Array, at: number): Promise<boolean> {
    this.assertOpen();
    const invite = this.invites.get(hex(codeHash));
    if (invite === undefined) return false;
    invite.revokedAt ??= at;
    invite.key = undefined;
    return true;
  }

  async purgeInvites(now: number, deleteExpiredBefore: number): Promise<PurgeResult> {
    this.assertOpen();
    let forgotten = 0;
    let deleted = 0;
    for (const [id, invite] of this.invites) {
      if (invite.expiresAt <= deleteExpiredBefore) {
        this.invites.delete(id);
        deleted++;
      } else if (invite.expiresAt <= now && invite.key !== undefined) {
        invite.key = undefined;
        forgotten++;
      }
    }
    return { forgotten, deleted };
  }

  async rotateRoomKey(doc: DocName, rotation: KeyRotation): Promise<boolean> {
    this.assertOpen();
    if (!this.keyHashes.has(doc)) return false;
    this.keyHashes.set(doc, copy(rotation.keyHash));
    this.rotatedKeys.set(doc, { key: rotation.key, rotatedAt: rotation.rotatedAt });
    const keep = new Set(rotation.keepMembers);
    const members = this.members.get(doc);
    for (const memberId of members?.keys() ?? []) if (!keep.has(memberId)) members?.delete(memberId);
    for (const invite of this.invites.values()) {
      if (invite.doc !== doc) continue;
      invite.revokedAt ??= rotation.rotatedAt;
      invite.key = undefined;
    }
    return true;
  }

  async getRotatedKey(doc: DocName): Promise<RotatedKey | undefined> {
    this.assertOpen();
    const rotated = this.rotatedKeys.get(doc);
    return rotated === undefined ? undefined : { ...rotated };
  }

  async putBlob(hash: string, doc: DocName, type: string, bytes: Uint8Array, _at: number): Promise<boolean> {
    this.assertOpen();
    let held = this.blobs.get(hash);
    if (held === undefined) {
      held = { blob: { type, bytes: copy(bytes) }, docs: new Set() };
      this.blobs.set(hash, held);
    }
    if (held.docs.has(doc)) return false;
    held.docs.add(doc);
    return true;
  }

  async getBlob(hash: string, doc: DocName): Promise<StoredBlob | undefined> {
    this.assertOpen();
    const held = this.blobs.get(hash);
    return held?.docs.has(doc) ? { type: held.blob.type, bytes: copy(held.blob.bytes) } : undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private rows(doc: DocName): StoredUpdate[] {
    let rows = this.updates.get(doc);
    if (rows === undefined) {
      rows = [];
      this.updates.set(doc, rows);
    }
    return rows;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('storage is closed');
  }
}

/**
 * A real copy. The caller's bytes may be a view into a larger websocket frame, or a Node Buffer,
 * whose `slice()` shares memory instead of copying.
 */
function copy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
