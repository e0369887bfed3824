/**
 * Validation of the fields of an API body. A missing field or one of the wrong type is
 * `invalid-body`; a string that is not a valid document name or key is `invalid-doc` /
 * `invalid-key` (the patterns of src/domain/ids.ts). Messages name the field.
 */
import { DocKind, docKind, isDocName, isRoomKey, type DocName, type RoomKey } from '../../src/domain/ids.ts';
import { RELAY_MEMBER_ID_PATTERN, RelayApiReason } from '../../src/domain/protocol.ts';
import { ApiError } from './ApiError.ts';

type Body = Readonly<Record<string, unknown>>;

export const DEFAULT_INVITE_TTL_SECONDS = 7 * 24 * 3_600;
export const MAX_INVITE_TTL_SECONDS = 30 * 24 * 3_600;
/** More than any community needs, and bounded so one rotation stays cheap. */
const MAX_KEEP_MEMBERS = 1_000;
/** A code is 8 characters; with spaces and dashes a teacher might type twice that. */
const MAX_CODE_INPUT = 64;

function invalidBody(detail: string): ApiError {
  return new ApiError(RelayApiReason.INVALID_BODY, `Permintaan tidak lengkap atau salah: ${detail}`);
}

export function stringField(body: Body, field: string, maxLength: number = MAX_CODE_INPUT): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw invalidBody(`kolom "${field}" wajib diisi dengan teks.`);
  if (value.length > maxLength) throw invalidBody(`kolom "${field}" terlalu panjang.`);
  return value;
}

/**
 * A document name, from the body or the path. A history document `h-<id>` has no keys, invites or
 * members of its own (its community's cover it), so the API refuses it.
 */
export function docName(value: unknown): DocName {
  if (!isDocName(value) || docKind(value) === DocKind.HISTORY) throw new ApiError(RelayApiReason.INVALID_DOC);
  return value;
}

export function docField(body: Body, field: string): DocName {
  if (typeof body[field] !== 'string') throw invalidBody(`kolom "${field}" wajib diisi dengan nama dokumen.`);
  return docName(body[field]);
}

/** A room key, admin key or member secret: all 128-bit random tokens with the key pattern. */
export function keyField(body: Body, field: string): RoomKey {
  const value = body[field];
  if (typeof value !== 'string') throw invalidBody(`kolom "${field}" wajib diisi dengan kunci.`);
  if (!isRoomKey(value)) {
    throw new ApiError(RelayApiReason.INVALID_KEY, `Kolom "${field}" tidak sah: harus 16 sampai 128 huruf, angka, "-" atau "_".`);
  }
  return value;
}

function isMemberId(value: unknown): value is string {
  return typeof value === 'string' && RELAY_MEMBER_ID_PATTERN.test(value);
}

export function memberIdField(body: Body, field: string): string {
  const value = body[field];
  if (!isMemberId(value)) throw invalidBody(`kolom "${field}" harus 8 sampai 64 huruf, angka, "-" atau "_".`);
  return value;
}

export function memberIdListField(body: Body, field: string): string[] {
  const value = body[field];
  if (!Array.isArray(value) || value.length > MAX_KEEP_MEMBERS || !value.every(isMemberId)) {
    throw invalidBody(`kolom "${field}" harus daftar id anggota (paling banyak ${MAX_KEEP_MEMBERS}).`);
  }
  return value;
}

/** `ttlSeconds`: absent for the default (7 days), else a whole number of seconds up to 30 days. */
export function ttlField(body: Body, field: string): number {
  const value = body[field];
  if (value === undefined) return DEFAULT_INVITE_TTL_SECONDS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_INVITE_TTL_SECONDS) {
    throw new ApiError(RelayApiReason.INVALID_TTL);
  }
  return value;
}
