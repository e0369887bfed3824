/**
 * Admin key, members and key rotation over the wire, against the real relay process: the
 * facilitator rotates the key to shut out a member who left; every socket of the room is closed
 * with 4401, the old key is refused, the new one opens what was written before, the members she
 * kept pick up the new key, and the one she removed cannot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyDocOf, newRecordId, newRoomKey, type RoomKey } from '../../src/domain/ids.ts';
import { CloseCode } from '../../src/domain/protocol.ts';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { createInvite, newCommunity, redeemInvite, registerAdmin, registerMember, rekey, rotateKey } from './support/api.ts';
import { connectRaw, connectStock, readDocument, syncUrl, type RawClient, type StockClient } from './support/clients.ts';
import { logRecords } from './support/relayHttp.ts';
import { waitFor } from './support/waitFor.ts';

let relay: RelayProcess;
const secretsUsed: string[] = [];
beforeAll(async () => {
  relay = await startRelayProcess({ env: { FAILED_ATTEMPTS_PER_MINUTE: '1000' } });
});
afterAll(async () => {
  await relay.kill();
});

function secret(): RoomKey {
  const value = newRoomKey();
  secretsUsed.push(value);
  return value;
}

function closedWith(client: StockClient, code: number, reason: string): Promise<void> {
  return waitFor(() => client.closes.some((c) => c.code === code && c.reason === reason), { what: `close ${code} ${reason}` });
}


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

describe('admin key (trust on first use)', () => {
  it('the first admin key registered for a room holds; the same again is fine, another is 409 admin-exists', async () => {
    const { doc, key } = newCommunity();
    secretsUsed.push(key);
    const adminKey = secret();
    expect(await registerAdmin(relay.url, doc, key, adminKey)).toMatchObject({ status: 204, body: undefined });
    expect((await registerAdmin(relay.url, doc, key, adminKey)).status).toBe(204);
    expect(await registerAdmin(relay.url, doc, key, secret())).toMatchObject({ status: 409, body: { error: { reason: 'admin-exists' } } });
  });

  it('registering an admin key needs the room key (401 wrong-key)', async () => {
    const { doc, key } = newCommunity();
    secretsUsed.push(key);
    const connected = connectStock(relay.wsUrl, doc, key);
    await connected.whenSynced();
    expect(await registerAdmin(relay.url, doc, secret(), secret())).toMatchObject({ status: 401, body: { error: { reason: 'wrong-key' } } });
    connected.destroy();
  });
});

describe('members', () => {
  it('a member registers her secret once; the same again is fine, another secret is 409 member-exists, a wrong room key 401', async () => {
    const { doc, key } = newCommunity();
    secretsUsed.push(key);
    const memberId = newRecordId();
    const memberSecret = secret();
    expect(await registerMember(relay.url, doc, key, memberId, memberSecret)).toMatchObject({ status: 204, body: undefined });
    expect((await registerMember(relay.url, doc, key, memberId, memberSecret)).status).toBe(204);
    expect(await registerMember(relay.url, doc, key, memberId, secret())).toMatchObject({ status: 409, body: { error: { reason: 'member-exists' } } });
    expect(await registerMember(relay.url, doc, secret(), newRecordId(), secret())).toMatchObject({ status: 401, body: { error: { reason: 'wrong-key' } } });
  });

  it('before any rotation a member asking for the key hears 404 no-rotation; a stranger 403 not-a-member', async () => {
    const { doc, key } = newCommunity();
    secretsUsed.push(key);
    const memberId = newRecordId();
    const memberSecret = secret();
    await registerMember(relay.url, doc, key, memberId, memberSecret);
    expect(await rekey(relay.url, doc, memberId, memberSecret)).toMatchObject({ status: 404, body: { error: { reason: 'no-rotation' } } });
    expect(await rekey(relay.url, doc, memberId, secret())).toMatchObject({ status: 403, body: { error: { reason: 'not-a-member' } } });
    expect(await rekey(relay.url, doc, newRecordId(), memberSecret)).toMatchObject({ status: 403, body: { error: { reason: 'not-a-member' } } });
  });
});

describe('key rotation', () => {
  it('shuts out a removed member and keeps everyone else working with the new key', async () => {
    const { doc, key: oldKey } = newCommunity();
    secretsUsed.push(oldKey);
    const adminKey = secret();
    const kept = { id: newRecordId(), secret: secret() };
    const removed = { id: newRecordId(), secret: secret() };

    // The facilitator's phone syncs the community and writes before the rotation.
    const facilitator = connectStock(relay.wsUrl, doc, oldKey);
    await facilitator.whenSynced();
    facilitator.ydoc.getMap('notulen').set('2025-03-07', 'Kita sepakat mencoba pembelajaran berbasis bermain.');
    expect((await registerAdmin(relay.url, doc, oldKey, adminKey)).status).toBe(204);
    expect((await registerMember(relay.url, doc, oldKey, kept.id, kept.secret)).status).toBe(204);
    expect((await registerMember(relay.url, doc, oldKey, removed.id, removed.secret)).status).toBe(204);
    const invite = await createInvite(relay.url, doc, oldKey);
    secretsUsed.push(invite.body.code);

    // Both members are connected when it happens.
    const keptPhone = connectStock(relay.wsUrl, doc, oldKey);
    const removedPhone = connectStock(relay.wsUrl, doc, oldKey);
    await Promise.all([keptPhone.whenSynced(), removedPhone.whenSynced()]);
    await waitFor(() => removedPhone.ydoc.getMap('notulen').size === 1, { what: 'the minutes reach every phone' });

    expect(await rotateKey(relay.url, doc, secret(), secret(), [kept.id])).toMatchObject({ status: 401, body: { error: { reason: 'wrong-admin-key' } } });
    expect(keptPhone.closes).toEqual([]);

    const newKey = secret();
    const before = Date.now();
    const rotated = await rotateKey(relay.url, doc, adminKey, newKey, [kept.id]);
    expect(rotated.status).toBe(200);
    expect(rotated.body.rotatedAt).toBeGreaterThanOrEqual(before);
    expect(rotated.body.rotatedAt).toBeLessThanOrEqual(Date.now());

    // Every socket of the room, the removed member's too, is closed with 4401 key-rotated.
    const { code, reason } = CloseCode.KEY_ROTATED;
    await Promise.all([closedWith(removedPhone, code, reason), closedWith(keptPhone, code, reason), closedWith(facilitator, code, reason)]);

    // The old key is refused from now on.
    const withOldKey = connectRaw(syncUrl(relay.wsUrl, doc, oldKey));
    expect(await closeCode(withOldKey)).toBe(CloseCode.UNAUTHORIZED.code);

    // The kept member picks up the new key and reads what was written before the rotation.
    expect(await rekey(relay.url, doc, kept.id, kept.secret)).toMatchObject({ status: 200, body: { key: newKey } });
    const copy = await readDocument(relay.wsUrl, doc, newKey);
    expect(copy.getMap('notulen').get('2025-03-07')).toBe('Kita sepakat mencoba pembelajaran berbasis bermain.');

    // The removed member cannot.
    expect(await rekey(relay.url, doc, removed.id, removed.secret)).toMatchObject({ status: 403, body: { error: { reason: 'not-a-member' } } });
    // And the invite made before would hand out the old key: revoked.
    expect(await redeemInvite(relay.url, invite.body.code)).toMatchObject({ status: 410, body: { error: { reason: 'invite-revoked' } } });
    // Members and invites work with the new key.
    expect((await registerMember(relay.url, doc, oldKey, newRecordId(), secret())).status).toBe(401);
    const fresh = await createInvite(relay.url, doc, newKey);
    secretsUsed.push(fresh.body.code);
    expect(await redeemInvite(relay.url, fresh.body.code)).toMatchObject({ status: 200, body: { doc, key: newKey } });

    for (const client of [facilitator, keptPhone, removedPhone]) client.destroy();
  });

  it('rotating a room the relay never saw is 404 room-not-found; one without an admin key is 401 wrong-admin-key', async () => {
    const unseen = newCommunity();
    expect(await rotateKey(relay.url, unseen.doc, secret(), secret(), [])).toMatchObject({ status: 404, body: { error: { reason: 'room-not-found' } } });
    const { doc, key } = newCommunity();
    secretsUsed.push(key);
    await readDocument(relay.wsUrl, doc, key);
    expect(await rotateKey(relay.url, doc, secret(), secret(), [])).toMatchObject({ status: 401, body: { error: { reason: 'wrong-admin-key' } } });
    // Nothing changed: the key still opens the room.
    expect(await readDocument(relay.wsUrl, doc, key)).toBeDefined();
  });

  it('the rotated key survives a restart of the relay', async () => {
    const { doc, key } = newCommunity();
    secretsUsed.push(key);
    const adminKey = secret();
    const member = { id: newRecordId(), secret: secret() };
    await registerAdmin(relay.url, doc, key, adminKey);
    await registerMember(relay.url, doc, key, member.id, member.secret);
    const newKey = secret();
    await rotateKey(relay.url, doc, adminKey, newKey, [member.id]);

    const logsBefore = [...relay.logs];
    relay = await relay.restart();
    relay.logs.unshift(...logsBefore);
    expect(await rekey(relay.url, doc, member.id, member.secret)).toMatchObject({ status: 200, body: { key: newKey } });
    expect(await closeCode(connectRaw(syncUrl(relay.wsUrl, doc, key)))).toBe(CloseCode.UNAUTHORIZED.code);
    expect(await readDocument(relay.wsUrl, doc, newKey)).toBeDefined();
  });

  it("a community's history document is entered with the community key, and a rotation covers it", async () => {
    const { doc, key } = newCommunity();
    secretsUsed.push(key);
    const history = historyDocOf(doc);
    const community = connectStock(relay.wsUrl, doc, key);
    await community.whenSynced();
    const adminKey = secret();
    expect((await registerAdmin(relay.url, doc, key, adminKey)).status).toBe(204);
    const writer = connectStock(relay.wsUrl, history, key);
    await writer.whenSynced();
    writer.ydoc.getMap('versions').set('v1', { path: 'solutions/s/text', text: 'versi pertama', by: 'm', at: 1 });
    expect(await closeCode(connectRaw(syncUrl(relay.wsUrl, history, secret())))).toBe(CloseCode.UNAUTHORIZED.code);
    // The API has no business with a history document: no invites, keys or members of its own.
    expect((await createInvite(relay.url, history, key)).body).toMatchObject({ error: { reason: 'invalid-doc' } });

    const newKey = secret();
    expect((await rotateKey(relay.url, doc, adminKey, newKey, [])).status).toBe(200);
    await closedWith(writer, CloseCode.KEY_ROTATED.code, CloseCode.KEY_ROTATED.reason);
    expect(await closeCode(connectRaw(syncUrl(relay.wsUrl, history, key)))).toBe(CloseCode.UNAUTHORIZED.code);
    const copy = await readDocument(relay.wsUrl, history, newKey);
    expect(copy.getMap('versions').get('v1')).toMatchObject({ text: 'versi pertama' });
    writer.destroy();
    community.destroy();
  });

  it('no key, admin key, member secret or code ever appears in the logs', () => {
    const logs = relay.logs.join('\n');
    expect(logRecords(relay.logs)).toContainEqual(expect.objectContaining({ msg: 'api', route: 'rooms.rotate', status: 200 }));
    expect(logRecords(relay.logs)).toContainEqual(expect.objectContaining({ msg: 'closing connection', reason: 'key-rotated' }));
    expect(secretsUsed.length).toBeGreaterThan(20);
    for (const value of secretsUsed) expect(logs).not.toContain(value);
  });
});
