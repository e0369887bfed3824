/**
 * The wire contract between the app and the relay beyond standard y-protocols.
 * Documented in docs/PROTOCOL.md; the relay and the client both import from here.
 */

/** y-protocols message types as used by y-websocket (first varuint of every binary frame). */
export const MessageType = {
  SYNC: 0,
  AWARENESS: 1,
  AUTH: 2,
  QUERY_AWARENESS: 3,
  /**
   * Sejawat's own "commit acknowledgement": client -> relay `[100, varuint counter]` after its
   * updates; relay -> client `[100, varuint counter]` only once every update received before the
   * request (on that connection, and in fact on any other) is durably committed to storage.
   * A stock y-websocket client never sends it, so it never receives one. See docs/PROTOCOL.md.
   */
  COMMIT_ACK: 100,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** WebSocket close codes used by the relay. */
export const CloseCode = {
  BAD_REQUEST: { code: 4400, reason: 'bad-request' },
  UNAUTHORIZED: { code: 4401, reason: 'unauthorized' },
  TOO_MANY_CONNECTIONS: { code: 4429, reason: 'too-many-connections' },
  /** This address has `MAX_ROOMS_PER_IP` different rooms open at once; retry later. */
  TOO_MANY_ROOMS: { code: 4429, reason: 'too-many-rooms' },
  /**
   * Loading this room would pass `MAX_LOADED_ROOMS_BYTES` and every loaded room has clients, so
   * none can be unloaded: retry later (4500–4599 is "try again later"; y-websocket retries it).
   */
  RELAY_BUSY: { code: 4503, reason: 'relay-busy' },
  MESSAGE_TOO_BIG: { code: 1009, reason: 'message-too-big' },
  INVALID_MESSAGE: { code: 1007, reason: 'invalid-message' },
  SHUTTING_DOWN: { code: 1012, reason: 'service-restart' },
  STORAGE_UNAVAILABLE: { code: 1011, reason: 'storage-unavailable' },
  /** A bug on the relay's side while handling a message; the client may reconnect. */
  INTERNAL_ERROR: { code: 1011, reason: 'internal-error' },
  /**
   * The room's key was rotated (`POST /api/rooms/<doc>/rotate`): every socket of the room is closed
   * with this. A member still in the room asks for the new key (`/rekey`) and reconnects with it;
   * the old key is refused from now on (4401 `unauthorized`).
   */
  KEY_ROTATED: { code: 4401, reason: 'key-rotated' },
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Path prefix of the websocket endpoint: `ws(s)://host:port/sync/<doc>?key=<key>`. */
export const SYNC_PATH = '/sync';

/** Path prefix of the relay's JSON API (docs/PROTOCOL.md, "HTTP API"). */
export const API_PATH = '/api';

/**
 * Machine reasons of the relay's JSON API errors: `{ error: { reason, message } }`. The app maps a
 * reason to its own words; `message` is an Indonesian sentence for a human reading the raw answer.
 */
export const RelayApiReason = {
  INVALID_BODY: 'invalid-body',
  BODY_TOO_LARGE: 'body-too-large',
  INVALID_DOC: 'invalid-doc',
  INVALID_KEY: 'invalid-key',
  INVALID_TTL: 'invalid-ttl',
  WRONG_KEY: 'wrong-key',
  WRONG_ADMIN_KEY: 'wrong-admin-key',
  RATE_LIMITED: 'rate-limited',
  INVITE_NOT_FOUND: 'invite-not-found',
  INVITE_EXPIRED: 'invite-expired',
  INVITE_REVOKED: 'invite-revoked',
  ADMIN_EXISTS: 'admin-exists',
  MEMBER_EXISTS: 'member-exists',
  ROOM_NOT_FOUND: 'room-not-found',
  NOT_A_MEMBER: 'not-a-member',
  NO_ROTATION: 'no-rotation',
  NOT_FOUND: 'not-found',
  METHOD_NOT_ALLOWED: 'method-not-allowed',
  UPGRADE_REQUIRED: 'upgrade-required',
  INTERNAL_ERROR: 'internal-error',
  // Attachments (`/api/blobs/<sha256>`):
  /** The path is not `/api/blobs/<64 lowercase hex digits>`. */
  INVALID_BLOB_HASH: 'invalid-blob-hash',
  /** The SHA-256 of the body is not the hash in the path. */
  BLOB_HASH_MISMATCH: 'blob-hash-mismatch',
  /** Larger than the relay's MAX_BLOB_BYTES. */
  BLOB_TOO_LARGE: 'blob-too-large',
  /** Content-Type not on the allow-list (BLOB_TYPES). */
  UNSUPPORTED_BLOB_TYPE: 'unsupported-blob-type',
  /** The room's stored document does not reference the hash (yet): retry once the document is synced. */
  BLOB_NOT_REFERENCED: 'blob-not-referenced',
  /** The relay holds no such attachment for this room. */
  BLOB_NOT_FOUND: 'blob-not-found',
} as const;
export type RelayApiReason = (typeof RelayApiReason)[keyof typeof RelayApiReason];

/**
 * Invite codes are read aloud at a meeting: 8 characters of this alphabet (no 0/O, no 1/I), 5 bits
 * each, 40 bits in all. Redeeming accepts lower case, spaces and dashes (`abcd-efgh`).
 */
export const INVITE_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const INVITE_CODE_LENGTH = 8;

/** A member id as the relay accepts it (`/api/rooms/<doc>/members`): like a record id. */
export const RELAY_MEMBER_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** Attachments: `PUT|GET|HEAD /api/blobs/<sha256>` (docs/PROTOCOL.md, "Attachments"). */
export const BLOB_PATH = '/api/blobs';
/** Lowercase hex SHA-256 of an attachment's bytes: its name everywhere. */
export const BLOB_HASH_PATTERN = /^[0-9a-f]{64}$/;
/** The room an attachment call is for; the room's key goes in `Authorization: Bearer <key>`. */
export const BLOB_DOC_HEADER = 'X-Sejawat-Doc';
/** Media types the relay accepts for attachments (photos, voice notes). */
export const BLOB_TYPES = ['image/webp', 'image/jpeg', 'image/png', 'audio/webm', 'audio/ogg', 'audio/mp4'] as const;
export type BlobType = (typeof BLOB_TYPES)[number];
