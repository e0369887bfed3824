/**
 * Identifiers shared by the app and the relay: document names, room keys and record ids.
 * All are made on the phone, offline, from the platform's CSPRNG.
 */

/**
 * A document (room) name: `p-<id>` (personal), `c-<id>` (community) or `h-<id>` (the version
 * history of community `c-<id>`: same id, same room key; see `historyDocOf`).
 */
export type DocName = string & { readonly __brand: 'DocName' };
/** A room key: the secret that lets a device read and write a document on the relay. */
export type RoomKey = string & { readonly __brand: 'RoomKey' };
/** A record id inside a document (journal entry, problem, solution...). */
export type RecordId = string & { readonly __brand: 'RecordId' };

export const DOC_NAME_PATTERN = /^[pch]-[A-Za-z0-9_-]{16,64}$/;
export const ROOM_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export const DocKind = { PERSONAL: 'p', COMMUNITY: 'c', HISTORY: 'h' } as const;
export type DocKind = (typeof DocKind)[keyof typeof DocKind];

export function isDocName(value: unknown): value is DocName {
  return typeof value === 'string' && DOC_NAME_PATTERN.test(value);
}

export function isRoomKey(value: unknown): value is RoomKey {
  return typeof value === 'string' && ROOM_KEY_PATTERN.test(value);
}

export function docKind(name: DocName): DocKind {
  return name.startsWith('p-') ? DocKind.PERSONAL : name.startsWith('h-') ? DocKind.HISTORY : DocKind.COMMUNITY;
}

/** The companion history document of a community: `c-<id>` → `h-<id>`. */
export function historyDocOf(community: DocName): DocName {
  if (docKind(community) !== DocKind.COMMUNITY) throw new Error(`not a community document: ${community}`);
  return `h-${community.slice(2)}` as DocName;
}

/**
 * The document whose room key admits a client to `name`: a history document is entered with its
 * community's key (so a key rotation covers both), every other document with its own.
 */
export function keyDocOf(name: DocName): DocName {
  return docKind(name) === DocKind.HISTORY ? (`c-${name.slice(2)}` as DocName) : name;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `bytes` random bytes as unpadded base64url (16 bytes = 128 bits = 22 characters). */
export function randomToken(bytes = 16): string {
  const raw = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(raw);
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const byte of raw) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += BASE64URL[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += BASE64URL[(acc << (6 - bits)) & 63];
  return out;
}

export function newDocName(kind: DocKind): DocName {
  return `${kind}-${randomToken(16)}` as DocName;
}

export function newRoomKey(): RoomKey {
  return randomToken(16) as RoomKey;
}

export function newRecordId(): RecordId {
  return randomToken(12) as RecordId;
}
