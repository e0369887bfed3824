/**
 * Room keys never touch the disk or the logs: the relay stores and compares SHA-256 hashes.
 * Keys are 128-bit random tokens made on the phone, so an unsalted hash is enough: there is no
 * dictionary to attack. Admin keys and member secrets are the same kind of token and are stored
 * the same way.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RoomKey } from '../src/domain/ids.ts';

export function hashRoomKey(key: RoomKey): Uint8Array {
  return new Uint8Array(createHash('sha256').update(key, 'utf8').digest());
}

/** An admin key or a member secret (validated with the key pattern, hence typed as RoomKey). */
export const hashSecret: (secret: RoomKey) => Uint8Array = hashRoomKey;

/** Constant-time comparison, so response timing does not reveal how much of a guess was right. */
export function keyHashesMatch(presented: Uint8Array, stored: Uint8Array): boolean {
  return presented.byteLength === stored.byteLength && timingSafeEqual(presented, stored);
}
