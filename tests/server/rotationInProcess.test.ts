/**
 * Rotation and invite purging where timing matters, with the relay in this process around a
 * storage the test controls (loads held back) and a clock it moves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { newRecordId, newRoomKey, type RoomKey } from '../../src/domain/ids.ts';
import { CloseCode } from '../../src/domain/protocol.ts';
import { hashInviteCode } from '../../sync-server/api/inviteCode.ts';
import { EXPIRED_INVITE_KEPT_MS, startInvitePurge } from '../../sync-server/invitePurge.ts';
import { silentLogger } from '../../sync-server/log.ts';
import { hashRoomKey } from '../../sync-server/roomKeys.ts';
import { MemoryStorage } from '../../sync-server/storage/MemoryStorage.ts';
import { newCommunity, post } from './support/api.ts';
import { connectRaw, syncUrl, type RawClient } from './support/clients.ts';
import { ControlledStorage, startInProcessRelay, type InProcessRelay } from './support/inProcessRelay.ts';
import { waitFor } from './support/waitFor.ts';

let harness: InProcessRelay | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const httpUrl = (h: InProcessRelay): string => h.wsUrl.replace('ws:', 'http:').replace('/sync', '');


/** The close code a raw socket gets, failing fast (not at the test timeout) if it stays open. */
async function closeCode(client: RawClient): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the socket was accepted and stayed open')), 5_000);
  });
  try {
    return (await Promise.race([client.closed(), timeout])).code;
  } finally {
    clearTimeout(timer);
    client.close();
  }
}

describe('rotation while a room is loading', () => {
  it('a socket still waiting for its room to load is closed with 4401 key-rotated and never served', async () => {
    const storage = new ControlledStorage();
    const { doc, key } = newCommunity();
    const adminKey = newRoomKey();
    await storage.inner.registerKeyHash(doc, hashRoomKey(key));
    await storage.inner.registerAdminKeyHash(doc, hashRoomKey(adminKey), 0);
    harness = await startInProcessRelay(storage);

    storage.holdLoads();
    const waiting = connectRaw(syncUrl(harness.wsUrl, doc, key));
    await waiting.opened();
    await waitFor(() => storage.loadCalls === 1, { what: 'the room to start loading' });

    const rotated = await post(httpUrl(harness), `/api/rooms/${doc}/rotate`, { adminKey, newKey: newRoomKey(), keepMembers: [] });
    expect(rotated.status).toBe(200);
    expect(await waiting.closed()).toEqual({ code: CloseCode.KEY_ROTATED.code, reason: CloseCode.KEY_ROTATED.reason });
    storage.releaseLoads();
    // It was closed before the room loaded, so it never got the document.
    expect(waiting.messages).toEqual([]);
  });

  it('a room kept in memory after its last client left refuses the old key once rotated', async () => {
    const storage = new MemoryStorage();
    const { doc, key } = newCommunity();
    const adminKey = newRoomKey();
    harness = await startInProcessRelay(storage, { ROOM_IDLE_MS: '600000' });
    const first = connectRaw(syncUrl(harness.wsUrl, doc, key));
    await first.nextMessage(() => true, 'sync step 1');
    first.close();
    await waitFor(() => harness?.relay.stats().connections === 0, { what: 'the client to leave' });
    expect(harness.relay.rooms.size).toBe(1);

    await post(httpUrl(harness), `/api/rooms/${doc}/admin`, { key, adminKey });
    const newKey: RoomKey = newRoomKey();
    expect((await post(httpUrl(harness), `/api/rooms/${doc}/rotate`, { adminKey, newKey, keepMembers: [newRecordId()] })).status).toBe(200);
    expect(await closeCode(connectRaw(syncUrl(harness.wsUrl, doc, key)))).toBe(CloseCode.UNAUTHORIZED.code);
    const withNewKey = connectRaw(syncUrl(harness.wsUrl, doc, newKey));
    await withNewKey.nextMessage(() => true, 'sync step 1 with the new key');
    withNewKey.close();
  });
});

describe('purging expired invites', () => {
  it('at start and then periodically, expired invites lose their key, and are deleted a week later', async () => {
    const storage = new MemoryStorage();
    const { doc, key } = newCommunity();
    let now = Date.UTC(2025, 2, 7);
    const hour = 3_600_000;
    await storage.addInvite({ codeHash: hashInviteCode('AAAAAAAA'), doc, key, createdAt: now - 2 * hour, expiresAt: now - hour }, 50);
    await storage.addInvite({ codeHash: hashInviteCode('BBBBBBBB'), doc, key, createdAt: now, expiresAt: now + hour }, 50);

    const purge = startInvitePurge({ storage, log: silentLogger, now: () => now, intervalMs: 20 });
    // On start: the expired one has lost its key, the valid one has not.
    await waitFor(async () => (await storage.getInvite(hashInviteCode('AAAAAAAA')))?.key === undefined, { what: 'purge at start' });
    expect((await storage.getInvite(hashInviteCode('BBBBBBBB')))?.key).toBe(key);

    now += 2 * hour;
    await waitFor(async () => (await storage.getInvite(hashInviteCode('BBBBBBBB')))?.key === undefined, { what: 'a periodic purge' });
    expect(await storage.getInvite(hashInviteCode('AAAAAAAA'))).toBeDefined();

    now += EXPIRED_INVITE_KEPT_MS;
    await waitFor(async () => (await storage.getInvite(hashInviteCode('BBBBBBBB'))) === undefined, { what: 'deletion a week after expiry' });
    expect(await storage.getInvite(hashInviteCode('AAAAAAAA'))).toBeUndefined();
    await purge.stop();
  });
});
