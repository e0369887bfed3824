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
  MESSAGE_TOO_BIG: { code: 1009, reason: 'message-too-big' },
  INVALID_MESSAGE: { code: 1007, reason: 'invalid-message' },
  SHUTTING_DOWN: { code: 1012, reason: 'service-restart' },
  STORAGE_UNAVAILABLE: { code: 1011, reason: 'storage-unavailable' },
  /** A bug on the relay's side while handling a message; the client may reconnect. */
  INTERNAL_ERROR: { code: 1011, reason: 'internal-error' },
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Path prefix of the websocket endpoint: `ws(s)://host:port/sync/<doc>?key=<key>`. */
export const SYNC_PATH = '/sync';
