/**
 * What API handlers receive and return, and what they share: storage, limits, the clock, and the
 * relay's hook for closing a room's sockets after a rotation.
 */
import type { DocName, RoomKey } from '../../src/domain/ids.ts';
import { RelayApiReason } from '../../src/domain/protocol.ts';
import type { ApiConfig } from '../config.ts';
import type { LogFields, Logger } from '../log.ts';
import type { RateLimiter } from '../rateLimiter.ts';
import { hashRoomKey, keyHashesMatch } from '../roomKeys.ts';
import type { Storage } from '../storage/Storage.ts';
import { ApiError, rateLimited } from './ApiError.ts';

export interface ApiLimiters {
  /** Invite creations per address (every attempt counts). */
  readonly inviteCreate: RateLimiter;
  /** Failed redeems and revokes per address: someone guessing codes. */
  readonly codeFailures: RateLimiter;
  /** Failed rekeys per address: someone guessing member secrets. */
  readonly rekeyFailures: RateLimiter;
  /** Attachment uploads per address (every PUT whose body would be read). */
  readonly blobUploads: RateLimiter;
}

export interface ApiDeps {
  readonly storage: Storage;
  readonly log: Logger;
  readonly config: ApiConfig;
  readonly limiters: ApiLimiters;
  /** Milliseconds since the epoch; tests may move it. */
  readonly now: () => number;
  /** The room's key was rotated: refuse the old key and close every socket of the room (4401). */
  readonly onKeyRotated: (doc: DocName, keyHash: Uint8Array) => void;
}

export interface ApiCall {
  readonly body: Readonly<Record<string, unknown>>;
  /** Rate-limit key of the caller's address (clientAddress.ts). */
  readonly address: string;
  /** The document named in the path (`/api/rooms/<doc>/…`), already validated. */
  readonly doc?: DocName;
  /** Fields for this call's log line; never keys, secrets or codes. */
  readonly note: LogFields;
}

export interface ApiAnswer {
  readonly status: 200 | 201 | 204;
  readonly body?: unknown;
}

export type ApiHandler = (call: ApiCall) => Promise<ApiAnswer>;

/**
 * The caller proves she holds the room's key. A room never seen is registered with this key now:
 * trust on first use, exactly as its first websocket connection would.
 */
export async function authenticateRoomKey(storage: Storage, doc: DocName, key: RoomKey): Promise<void> {
  const presented = hashRoomKey(key);
  const stored = (await storage.getKeyHash(doc)) ?? (await storage.registerKeyHash(doc, presented));
  if (!keyHashesMatch(presented, stored)) throw new ApiError(RelayApiReason.WRONG_KEY);
}

/** Take a token or answer 429 with `Retry-After`. */
export function takeToken(limiter: RateLimiter, address: string, sentence?: (when: string) => string): void {
  const retryAfter = limiter.take(address);
  if (retryAfter > 0) throw rateLimited(retryAfter, sentence);
}
