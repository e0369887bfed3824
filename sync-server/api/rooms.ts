/**
 * `/api/rooms/<doc>/…`: the admin key (trust on first use), members' secrets, key rotation, and
 * members picking up the rotated key. docs/PROTOCOL.md has the contract.
 *
 * Rotation is how a facilitator shuts out a lost phone or a member who left: the room's key
 * changes, the relay keeps the new key for the members she keeps, forgets the others' secrets,
 * revokes every invite (they would hand out the old key), and closes every socket of the room.
 */
import type { DocName } from '../../src/domain/ids.ts';
import { RelayApiReason } from '../../src/domain/protocol.ts';
import { hashSecret, keyHashesMatch } from '../roomKeys.ts';
import { ApiError } from './ApiError.ts';
import { authenticateRoomKey, takeToken, type ApiCall, type ApiDeps, type ApiHandler } from './context.ts';
import { keyField, memberIdField, memberIdListField } from './fields.ts';

export function createRoomHandlers(deps: ApiDeps): { admin: ApiHandler; members: ApiHandler; rotate: ApiHandler; rekey: ApiHandler } {
  const { storage, limiters } = deps;

  const admin: ApiHandler = async (call) => {
    const doc = pathDoc(call);
    const key = keyField(call.body, 'key');
    const adminKey = keyField(call.body, 'adminKey');
    await authenticateRoomKey(storage, doc, key);
    const presented = hashSecret(adminKey);
    const stored = await storage.registerAdminKeyHash(doc, presented, deps.now());
    if (!keyHashesMatch(presented, stored)) throw new ApiError(RelayApiReason.ADMIN_EXISTS);
    return { status: 204 };
  };

  const members: ApiHandler = async (call) => {
    const doc = pathDoc(call);
    const key = keyField(call.body, 'key');
    const memberId = memberIdField(call.body, 'memberId');
    const memberSecret = keyField(call.body, 'memberSecret');
    await authenticateRoomKey(storage, doc, key);
    const presented = hashSecret(memberSecret);
    const stored = await storage.registerMemberSecretHash(doc, memberId, presented, deps.now());
    if (!keyHashesMatch(presented, stored)) throw new ApiError(RelayApiReason.MEMBER_EXISTS);
    return { status: 204 };
  };

  const rotate: ApiHandler = async (call) => {
    const doc = pathDoc(call);
    const adminKey = keyField(call.body, 'adminKey');
    const newKey = keyField(call.body, 'newKey');
    const keepMembers = memberIdListField(call.body, 'keepMembers');
    if ((await storage.getKeyHash(doc)) === undefined) throw new ApiError(RelayApiReason.ROOM_NOT_FOUND);
    const adminHash = await storage.getAdminKeyHash(doc);
    // No admin key registered: nobody can prove being the facilitator, so nobody may rotate.
    if (adminHash === undefined || !keyHashesMatch(hashSecret(adminKey), adminHash)) throw new ApiError(RelayApiReason.WRONG_ADMIN_KEY);
    const keyHash = hashSecret(newKey);
    const rotatedAt = deps.now();
    if (!(await storage.rotateRoomKey(doc, { keyHash, key: newKey, keepMembers, rotatedAt }))) throw new ApiError(RelayApiReason.ROOM_NOT_FOUND);
    // After the commit, so a socket that joined meanwhile with the old key is closed too.
    deps.onKeyRotated(doc, keyHash);
    call.note.keptMembers = new Set(keepMembers).size;
    return { status: 200, body: { rotatedAt } };
  };

  const rekey: ApiHandler = async (call) => {
    const doc = pathDoc(call);
    const memberId = memberIdField(call.body, 'memberId');
    const memberSecret = keyField(call.body, 'memberSecret');
    // Only failures count, as for invite codes (invites.ts).
    takeToken(limiters.rekeyFailures, call.address);
    const stored = await storage.getMemberSecretHash(doc, memberId);
    if (stored === undefined || !keyHashesMatch(hashSecret(memberSecret), stored)) throw new ApiError(RelayApiReason.NOT_A_MEMBER);
    // A member proved herself: whatever follows is no guess.
    limiters.rekeyFailures.refund(call.address);
    const rotated = await storage.getRotatedKey(doc);
    if (rotated === undefined) throw new ApiError(RelayApiReason.NO_ROTATION);
    return { status: 200, body: { key: rotated.key } };
  };

  return { admin, members, rotate, rekey };
}

function pathDoc(call: ApiCall): DocName {
  if (call.doc === undefined) throw new Error('room route without a document');
  return call.doc;
}
