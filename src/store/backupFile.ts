import * as Y from 'yjs';
import { isBlobType } from '../domain/attachments';
import { isDocName, isRoomKey, type DocName, type RoomKey } from '../domain/ids';

/**
 * The backup file (*file cadangan*): everything of hers on this phone in one file, checked
 * completely before anything is written. Layout:
 *
 *   "SEJAWAT-CADANGAN\n" (17 bytes) · format version (u8) · manifest length (u32 BE) ·
 *   manifest (JSON, UTF-8) · sections (Yjs updates, attachment bytes) · SHA-256 of all before it
 *
 * The manifest names the rooms (with their keys), and for each document and attachment where its
 * bytes are among the sections. It holds keys and children's names: the file is a secret.
 */

export const BACKUP_MAGIC = new TextEncoder().encode('SEJAWAT-CADANGAN\n');
export const BACKUP_FORMAT_VERSION = 1;
const DIGEST_BYTES = 32;
const HEADER_BYTES = BACKUP_MAGIC.length + 1 + 4;

export interface BackupRoom {
  doc: DocName;
  key: RoomKey;
  kind: 'personal' | 'community';
}

export interface BackupContents {
  createdAt: number;
  /** Her personal document: the identity this backup restores. */
  personal: DocName;
  rooms: BackupRoom[];
  /** `Y.encodeStateAsUpdate` of each document. */
  docs: Array<{ doc: DocName; update: Uint8Array }>;
  attachments: Array<{ hash: string; type: string; bytes: Uint8Array }>;
}

export type BackupProblem =
  /** Not a Sejawat backup at all (a photo, a PDF, another app's file). */
  | 'foreign'
  /** Written by a newer Sejawat; this version cannot read it. */
  | 'newer-version'
  /** Shorter than it says it is: the download or the chat cut it off. */
  | 'truncated'
  /** Right length, wrong content: changed on the way. */
  | 'damaged';

export type DecodedBackup = { ok: true; contents: BackupContents } | { ok: false; problem: BackupProblem };

interface Section {
  offset: number;
  length: number;
}

interface Manifest {
  createdAt: number;
  personal: string;
  rooms: BackupRoom[];
  docs: Array<{ doc: string } & Section>;
  attachments: Array<{ hash: string; type: string } & Section>;
}

export async function encodeBackup(contents: BackupContents): Promise<Uint8Array> {
  const sections: Uint8Array[] = [];
  let offset = 0;
  const place = (bytes: Uint8Array): Section => {
    sections.push(bytes);
    const section = { offset, length: bytes.length };
    offset += bytes.length;
    return section;
  };
  const manifest: Manifest = {
    createdAt: contents.createdAt,
    personal: contents.personal,
    rooms: contents.rooms.map(({ doc, key, kind }) => ({ doc, key, kind })),
    docs: contents.docs.map(({ doc, update }) => ({ doc, ...place(update) })),
    attachments: contents.attachments.map(({ hash, type, bytes }) => ({ hash, type, ...place(bytes) })),
  };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
  const body = new Uint8Array(HEADER_BYTES + manifestBytes.length + offset);
  body.set(BACKUP_MAGIC, 0);
  const view = new DataView(body.buffer);
  view.setUint8(BACKUP_MAGIC.length, BACKUP_FORMAT_VERSION);
  view.setUint32(BACKUP_MAGIC.length + 1, manifestBytes.length);
  body.set(manifestBytes, HEADER_BYTES);
  let at = HEADER_BYTES + manifestBytes.length;
  for (const section of sections) {
    body.set(section, at);
    at += section.length;
  }
  const file = new Uint8Array(body.length + DIGEST_BYTES);
  file.set(body, 0);
  file.set(await sha256(body), body.length);
  return file;
}

/** Reads and checks a whole backup: magic, version, length, digest, every update, every hash. */
export async function decodeBackup(file: Uint8Array): Promise<DecodedBackup> {
  const fail = (problem: BackupProblem): DecodedBackup => ({ ok: false, problem });
  const prefix = file.subarray(0, BACKUP_MAGIC.length);
  if (!startsWithMagic(prefix)) return fail('foreign');
  if (file.length < HEADER_BYTES) return fail('truncated');
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const version = view.getUint8(BACKUP_MAGIC.length);
  if (version > BACKUP_FORMAT_VERSION) return fail('newer-version');
  if (version < 1) return fail('damaged');
  const manifestLength = view.getUint32(BACKUP_MAGIC.length + 1);
  if (file.length < HEADER_BYTES + manifestLength + DIGEST_BYTES) return fail('truncated');
  const manifest = parseManifest(file.subarray(HEADER_BYTES, HEADER_BYTES + manifestLength));
  if (!manifest) return fail('damaged');
  const sectionsStart = HEADER_BYTES + manifestLength;
  const sectionsLength = Math.max(0, ...[...manifest.docs, ...manifest.attachments].map((s) => s.offset + s.length));
  const expectedLength = sectionsStart + sectionsLength + DIGEST_BYTES;
  if (file.length < expectedLength) return fail('truncated');
  if (file.length > expectedLength) return fail('damaged');
  const body = file.subarray(0, expectedLength - DIGEST_BYTES);
  const digest = await sha256(body);
  if (!equalBytes(digest, file.subarray(expectedLength - DIGEST_BYTES))) return fail('damaged');

  const section = ({ offset, length }: Section) => file.slice(sectionsStart + offset, sectionsStart + offset + length);
  const docs: BackupContents['docs'] = [];
  for (const entry of manifest.docs) {
    const update = section(entry);
    try {
      Y.decodeUpdate(update);
    } catch {
      return fail('damaged');
    }
    docs.push({ doc: entry.doc as DocName, update });
  }
  const attachments: BackupContents['attachments'] = [];
  for (const entry of manifest.attachments) {
    const bytes = section(entry);
    if (toHex(await sha256(bytes)) !== entry.hash) return fail('damaged');
    attachments.push({ hash: entry.hash, type: entry.type, bytes });
  }
  return {
    ok: true,
    contents: { createdAt: manifest.createdAt, personal: manifest.personal as DocName, rooms: manifest.rooms, docs, attachments },
  };
}

function startsWithMagic(prefix: Uint8Array): boolean {
  // A file shorter than the magic that matches it so far was cut off, not foreign.
  return prefix.length > 0 && prefix.every((b, i) => b === BACKUP_MAGIC[i]);
}

function parseManifest(bytes: Uint8Array): Manifest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  const isSection = (s: Record<string, unknown>) =>
    Number.isSafeInteger(s.offset) && Number.isSafeInteger(s.length) && (s.offset as number) >= 0 && (s.length as number) >= 0;
  const isRoom = (r: unknown): r is BackupRoom => {
    const room = r as Record<string, unknown>;
    return typeof r === 'object' && r !== null && isDocName(room.doc) && isRoomKey(room.key) && (room.kind === 'personal' || room.kind === 'community');
  };
  const isDoc = (d: unknown) => typeof d === 'object' && d !== null && isDocName((d as Record<string, unknown>).doc) && isSection(d as Record<string, unknown>);
  const isAttachment = (a: unknown) => {
    const att = a as Record<string, unknown>;
    return typeof a === 'object' && a !== null && typeof att.hash === 'string' && /^[0-9a-f]{64}$/.test(att.hash) && isBlobType(att.type) && isSection(att);
  };
  if (
    typeof m.createdAt !== 'number' ||
    !isDocName(m.personal) ||
    !m.personal.startsWith('p-') ||
    !Array.isArray(m.rooms) ||
    !m.rooms.every(isRoom) ||
    !m.rooms.some((r: BackupRoom) => r.doc === m.personal && r.kind === 'personal') ||
    m.rooms.some((r: BackupRoom) => r.kind === 'personal' && r.doc !== m.personal) ||
    !Array.isArray(m.docs) ||
    !m.docs.every(isDoc) ||
    !Array.isArray(m.attachments) ||
    !m.attachments.every(isAttachment) ||
    !m.docs.every((d: { doc: string }) => (m.rooms as BackupRoom[]).some((r: BackupRoom) => r.doc === d.doc))
  ) {
    return undefined;
  }
  return m as unknown as Manifest;
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Lowercase hex, as attachments are named. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
