/**
 * Attachments: photos and voice notes as evidence on a journal entry, a shared problem, a trial, a
 * good practice or a meeting. The bytes never go into a CRDT: a document holds only a reference
 * (the SHA-256 of the bytes, their type and size, and a few facts for showing it), and the bytes
 * live on the phone (src/store/blobs.ts) and on the relay for the rooms that reference them
 * (`PUT /api/blobs/<sha256>`, docs/PROTOCOL.md).
 *
 * References sit in one root map per document, `attachments`, keyed `<kind>:<recordId>:<hash>`, so
 * two phones attaching at once never race to create a nested map (a nested Y.Map created
 * concurrently on two phones keeps only one of them). The same photo on the same record is one
 * entry; removing it deletes the key. The relay checks that a room references a hash by finding
 * the hash in the room's stored updates, which holds because keys and string values are stored as
 * contiguous UTF-8 in Yjs updates.
 *
 * Everything read is checked: a damaged reference is skipped, never shown and never thrown.
 */
import * as Y from 'yjs';
import { BLOB_HASH_PATTERN, BLOB_TYPES, type BlobType } from './protocol';
import type { RecordId } from './ids';
import { DomainError } from './personal/DomainError';
import { isRecordIdLike } from './personal/entryRecord';

/** Root map of attachment references, in personal and community documents alike. */
export const ATTACHMENTS_ROOT = 'attachments';

/** What an attachment is attached to. */
export const AttachmentTarget = { ENTRY: 'entry', PROBLEM: 'problem', TRIAL: 'trial', PRACTICE: 'practice', MEETING: 'meeting' } as const;
export type AttachmentTarget = (typeof AttachmentTarget)[keyof typeof AttachmentTarget];
const TARGETS: readonly unknown[] = Object.values(AttachmentTarget);

/** Longest caption, in code points. */
export const CAPTION_MAX = 200;
/** Longest voice note accepted in a reference (the recorder stops at 60 s). */
export const VOICE_MAX_MS = 5 * 60_000;
/** Largest dimension accepted in a reference, in pixels. */
const DIMENSION_MAX = 20_000;

export interface AttachmentRef {
  target: AttachmentTarget;
  recordId: RecordId;
  /** Lowercase hex SHA-256 of the bytes. */
  hash: string;
  type: BlobType;
  /** Bytes. */
  size: number;
  /** Photos: pixels. */
  width?: number;
  height?: number;
  /** Voice notes: length. */
  durationMs?: number;
  caption?: string;
  /** Member id (community) or the personal document's owner. */
  addedBy: string;
  addedAt: number;
}

export function isBlobHash(value: unknown): value is string {
  return typeof value === 'string' && BLOB_HASH_PATTERN.test(value);
}

export function isBlobType(value: unknown): value is BlobType {
  return (BLOB_TYPES as readonly unknown[]).includes(value);
}

/** `audio/webm;codecs=opus` → `audio/webm`; undefined if the base type is not on the allow-list. */
export function blobTypeOf(mime: string): BlobType | undefined {
  const base = mime.split(';')[0]?.trim().toLowerCase();
  return isBlobType(base) ? base : undefined;
}

export function isImageType(type: BlobType): boolean {
  return type.startsWith('image/');
}

export function attachmentsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ATTACHMENTS_ROOT);
}

function attachmentKey(target: AttachmentTarget, recordId: RecordId, hash: string): string {
  return `${target}:${recordId}:${hash}`;
}

const isWhole = (value: unknown, max: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;

/** The reference stored under `key`, or undefined if anything about it is wrong. */
export function readAttachment(key: string, value: unknown): AttachmentRef | undefined {
  if (typeof value !== 'object' || value === null || value instanceof Y.AbstractType || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (!TARGETS.includes(v.target) || !isRecordIdLike(v.recordId) || !isBlobHash(v.hash) || !isBlobType(v.type)) return undefined;
  if (key !== attachmentKey(v.target as AttachmentTarget, v.recordId, v.hash)) return undefined;
  if (!isWhole(v.size, Number.MAX_SAFE_INTEGER) || v.size === 0) return undefined;
  if (typeof v.addedBy !== 'string' || v.addedBy === '' || v.addedBy.length > 128) return undefined;
  if (!isWhole(v.addedAt, Number.MAX_SAFE_INTEGER)) return undefined;
  const ref: AttachmentRef = {
    target: v.target as AttachmentTarget,
    recordId: v.recordId,
    hash: v.hash,
    type: v.type,
    size: v.size,
    addedBy: v.addedBy,
    addedAt: v.addedAt,
  };
  // Optional facts: a wrong one is dropped, the reference stays usable.
  if (isWhole(v.width, DIMENSION_MAX) && isWhole(v.height, DIMENSION_MAX)) {
    ref.width = v.width;
    ref.height = v.height;
  }
  if (isWhole(v.durationMs, VOICE_MAX_MS)) ref.durationMs = v.durationMs;
  if (typeof v.caption === 'string' && [...v.caption].length <= CAPTION_MAX) ref.caption = v.caption;
  return ref;
}

/** Valid references attached to one record, oldest first. */
export function listAttachments(doc: Y.Doc, target: AttachmentTarget, recordId: RecordId): AttachmentRef[] {
  const prefix = `${target}:${recordId}:`;
  const refs: AttachmentRef[] = [];
  attachmentsOf(doc).forEach((value, key) => {
    if (!key.startsWith(prefix)) return;
    const ref = readAttachment(key, value);
    if (ref) refs.push(ref);
  });
  return refs.sort((a, b) => a.addedAt - b.addedAt || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
}

/** Every hash the document references validly (what the phone must keep and upload for it). */
export function referencedHashes(doc: Y.Doc): Set<string> {
  const hashes = new Set<string>();
  attachmentsOf(doc).forEach((value, key) => {
    const ref = readAttachment(key, value);
    if (ref) hashes.add(ref.hash);
  });
  return hashes;
}

export type NewAttachment = Omit<AttachmentRef, 'target' | 'recordId'>;

/**
 * Attach `input` to a record. Throws 'invalid-attachment' for a reference that would not read back
 * (so nothing half-valid is ever written). Attaching the same bytes again replaces the facts.
 */
export function addAttachment(doc: Y.Doc, target: AttachmentTarget, recordId: RecordId, input: NewAttachment): AttachmentRef {
  const key = attachmentKey(target, recordId, input.hash);
  const value: Record<string, unknown> = { target, recordId, ...input };
  for (const field of Object.keys(value)) if (value[field] === undefined) delete value[field];
  const ref = readAttachment(key, value);
  if (!ref || Object.keys(ref).length !== Object.keys(value).length) {
    throw new DomainError('invalid-attachment', `not a valid attachment reference for ${target} ${recordId}`);
  }
  attachmentsOf(doc).set(key, value);
  return ref;
}

export function removeAttachment(doc: Y.Doc, target: AttachmentTarget, recordId: RecordId, hash: string): void {
  attachmentsOf(doc).delete(attachmentKey(target, recordId, hash));
}

/** Copies references onto another record (possibly in another document), e.g. photos she chose to share. */
export function copyAttachments(to: Y.Doc, target: AttachmentTarget, recordId: RecordId, refs: readonly AttachmentRef[], addedBy: string): AttachmentRef[] {
  return refs.map(({ target: _t, recordId: _r, ...rest }) => addAttachment(to, target, recordId, { ...rest, addedBy }));
}
