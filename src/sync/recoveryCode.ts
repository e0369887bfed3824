import { isDocName, isRoomKey, type DocName, type RoomKey } from '../domain/ids';

/**
 * The recovery code (*kode pemulihan*): the same secret as the "connect another phone" link — her
 * personal document's name and key — written so she can print it or keep it in a chat: groups of
 * four letters and digits (Crockford base32: no I, L, O or U, case does not matter, `O` is read as
 * 0 and `I`/`L` as 1). A CRC-32 checks it; one mistyped character is corrected, not refused.
 *
 * Layout (before base32): version 1 · length of the doc id · length of the key · both as 6-bit
 * base64url symbols packed into bytes · CRC-32 of all that.
 */

const VERSION = 1;
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const GROUP = 4;

export type RecoveryCodeProblem = 'empty' | 'bad-characters' | 'mistyped' | 'not-a-code';

export type DecodedRecoveryCode =
  | { ok: true; doc: DocName; key: RoomKey; /** A mistyped character was corrected. */ corrected: boolean }
  | { ok: false; problem: RecoveryCodeProblem };

/** Her personal document's name and key as a recovery code: `ABCD-EFGH-…`. */
export function encodeRecoveryCode(doc: DocName, key: RoomKey): string {
  const id = doc.slice(2);
  const symbols = [...id, ...key].map((c) => BASE64URL.indexOf(c));
  const body = [VERSION, id.length, key.length, ...packBits(symbols, 6)];
  const bytes = Uint8Array.from([...body, ...u32(crc32(Uint8Array.from(body)))]);
  const chars = unpackBits([...bytes], 8, 5).map((v) => BASE32[v]!).join('');
  return chars.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}

/** Reads what she typed; spaces, dashes and case do not matter. */
export function decodeRecoveryCode(input: string): DecodedRecoveryCode {
  const cleaned = input.toUpperCase().replace(/[\s\-–—_.]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (cleaned.length === 0) return { ok: false, problem: 'empty' };
  const values = [...cleaned].map((c) => BASE32.indexOf(c));
  if (values.some((v) => v < 0)) return { ok: false, problem: 'bad-characters' };
  const exact = read(values);
  if (exact) return { ...exact, ok: true, corrected: false };
  // One wrong character: try every position with every symbol; accept a single consistent reading.
  let found: { doc: DocName; key: RoomKey } | undefined;
  for (let i = 0; i < values.length; i++) {
    const original = values[i]!;
    for (let v = 0; v < 32; v++) {
      if (v === original) continue;
      values[i] = v;
      const candidate = read(values);
      if (candidate) {
        if (found && (found.doc !== candidate.doc || found.key !== candidate.key)) return { ok: false, problem: 'mistyped' };
        found = candidate;
      }
    }
    values[i] = original;
  }
  if (found) return { ...found, ok: true, corrected: true };
  return { ok: false, problem: looksLikeCode(values.length) ? 'mistyped' : 'not-a-code' };
}

function looksLikeCode(length: number): boolean {
  return length >= 40 && length <= 120;
}

function read(values: number[]): { doc: DocName; key: RoomKey } | undefined {
  const bytes = unpackBits(values, 5, 8, false);
  if (bytes.length < 3 + 4 || bytes[0] !== VERSION) return undefined;
  const idLength = bytes[1]!;
  const keyLength = bytes[2]!;
  const packedLength = Math.ceil(((idLength + keyLength) * 6) / 8);
  const bodyLength = 3 + packedLength;
  if (bytes.length !== bodyLength + 4) return undefined;
  const body = Uint8Array.from(bytes.slice(0, bodyLength));
  const sum = bytes.slice(bodyLength, bodyLength + 4);
  if (u32(crc32(body)).some((b, i) => b !== sum[i])) return undefined;
  const symbols = unpackBits(bytes.slice(3, bodyLength), 8, 6, false).slice(0, idLength + keyLength);
  const text = symbols.map((s) => BASE64URL[s]!).join('');
  const doc = `p-${text.slice(0, idLength)}`;
  const key = text.slice(idLength);
  if (!isDocName(doc) || !isRoomKey(key)) return undefined;
  return { doc, key };
}

/** Regroups `values` of `from` bits each into values of `to` bits (MSB first); pads the tail. */
function unpackBits(values: number[], from: number, to: number, padTail = true): number[] {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const value of values) {
    acc = ((acc << from) | value) & 0xffffff;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & ((1 << to) - 1));
    }
  }
  if (padTail && bits > 0) out.push((acc << (to - bits)) & ((1 << to) - 1));
  return out;
}

function packBits(values: number[], width: number): number[] {
  return unpackBits(values, width, 8);
}

function u32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE), as in zip and PNG. */
export function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 255]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
