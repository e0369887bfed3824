/**
 * `/api/invites`: short codes that hand out a room's key. Created by someone who holds the key,
 * redeemed by anyone who heard the code (many times, until it expires or is revoked), revoked by
 * someone who holds the key. docs/PROTOCOL.md has the contract.
 *
 * A code is 40 bits: guessing is held off by counting failed redeems and revokes per address
 * (`codeFailures`). Revoke is counted too, because "not found" versus "wrong key" would otherwise
 * tell a guesser, without any limit, which codes exist.
 */
import { RelayApiReason } from '../../src/domain/protocol.ts';
import { hashRoomKey, keyHashesMatch } from '../roomKeys.ts';
import { AddInviteStatus, type StoredInvite } from '../storage/Storage.ts';
import { ApiError, rateLimited } from './ApiError.ts';
import { authenticateRoomKey, takeToken, type ApiDeps, type ApiHandler } from './context.ts';
import { docField, keyField, stringField, ttlField } from './fields.ts';
import { hashInviteCode, isInviteCode, newInviteCode, normaliseInviteCode } from './inviteCode.ts';

/** A 40-bit collision among live codes is rare; a few retries make it impossible in practice. */
const CODE_ATTEMPTS = 5;

export function createInviteHandlers(deps: ApiDeps): { create: ApiHandler; redeem: ApiHandler; revoke: ApiHandler } {
  const { storage, limiters } = deps;

  /** Look an invite up by what the caller typed; an impossible code is simply not found. */
  const find = async (input: string): Promise<{ codeHash: Uint8Array; invite: StoredInvite | undefined }> => {
    const code = normaliseInviteCode(input);
    const codeHash = hashInviteCode(code);
    return { codeHash, invite: isInviteCode(code) ? await storage.getInvite(codeHash) : undefined };
  };

  const create: ApiHandler = async ({ body, address, note }) => {
    const doc = docField(body, 'doc');
    const key = keyField(body, 'key');
    const ttlSeconds = ttlField(body, 'ttlSeconds');
    note.doc = doc;
    takeToken(limiters.inviteCreate, address, (when) => `Terlalu banyak undangan dibuat dari jaringan ini. Coba lagi ${when}.`);
    await authenticateRoomKey(storage, doc, key);
    const createdAt = deps.now();
    const expiresAt = createdAt + ttlSeconds * 1000;
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      const code = newInviteCode();
      const result = await storage.addInvite({ codeHash: hashInviteCode(code), doc, key, createdAt, expiresAt }, deps.config.maxActiveInvitesPerRoom);
      if (result.status === AddInviteStatus.ADDED) return { status: 201, body: { code, expiresAt } };
      if (result.status === AddInviteStatus.LIMIT_REACHED) {
        // Nothing was created: this attempt does not count against the address.
        limiters.inviteCreate.refund(address);
        const limit = deps.config.maxActiveInvitesPerRoom;
        throw rateLimited(
          Math.max(1, Math.ceil((result.nextExpiry - createdAt) / 1000)),
          (when) => `Komunitas ini sudah memiliki ${limit} undangan aktif. Batalkan salah satunya, atau coba lagi ${when}.`,
        );
      }
    }
    throw new Error(`no free invite code after ${CODE_ATTEMPTS} attempts`);
  };

  const redeem: ApiHandler = async ({ body, address, note }) => {
    const input = stringField(body, 'code');
    // Taken before looking, given back on success: only failures count (module comment).
    takeToken(limiters.codeFailures, address);
    const { invite } = await find(input);
    if (invite === undefined) throw new ApiError(RelayApiReason.INVITE_NOT_FOUND);
    note.doc = invite.doc;
    if (invite.revokedAt !== undefined) throw new ApiError(RelayApiReason.INVITE_REVOKED);
    // No key without a revocation: expired and purged (the key is forgotten then).
    if (invite.expiresAt <= deps.now() || invite.key === undefined) throw new ApiError(RelayApiReason.INVITE_EXPIRED);
    // Rotation revokes a room's invites in the same transaction; this only guards against a store
    // that ever disagreed with itself: never hand out a key the websocket would refuse.
    const roomHash = await storage.getKeyHash(invite.doc);
    if (roomHash === undefined || !keyHashesMatch(hashRoomKey(invite.key), roomHash)) throw new ApiError(RelayApiReason.INVITE_REVOKED);
    limiters.codeFailures.refund(address);
    return { status: 200, body: { doc: invite.doc, key: invite.key } };
  };

  const revoke: ApiHandler = async ({ body, address, note }) => {
    const input = stringField(body, 'code');
    const key = keyField(body, 'key');
    takeToken(limiters.codeFailures, address);
    const { codeHash, invite } = await find(input);
    if (invite === undefined) throw new ApiError(RelayApiReason.INVITE_NOT_FOUND);
    note.doc = invite.doc;
    const roomHash = await storage.getKeyHash(invite.doc);
    if (roomHash === undefined || !keyHashesMatch(hashRoomKey(key), roomHash)) throw new ApiError(RelayApiReason.WRONG_KEY);
    limiters.codeFailures.refund(address);
    await storage.revokeInvite(codeHash, deps.now());
    return { status: 204 };
  };

  return { create, redeem, revoke };
}
