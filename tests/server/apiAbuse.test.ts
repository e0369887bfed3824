/**
 * The JSON API under abuse, against the real relay process: code guessing is rate-limited per
 * address with Retry-After, X-Forwarded-For counts only with TRUST_PROXY=1, and malformed bodies
 * get a 400/413 with a reason while the relay keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRoomKey } from '../../src/domain/ids.ts';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { createInvite, newCommunity, post, redeemInvite, rekey, revokeInvite, send } from './support/api.ts';
import { healthz } from './support/relayHttp.ts';

// One relay per budget, so no test depends on what another one spent.
let guessing: RelayProcess;
let creating: RelayProcess;
let proxied: RelayProcess;
let open: RelayProcess;
beforeAll(async () => {
  [guessing, creating, proxied, open] = await Promise.all([
    startRelayProcess({ env: { FAILED_ATTEMPTS_PER_MINUTE: '3' } }),
    startRelayProcess({ env: { INVITE_CREATES_PER_HOUR: '4', MAX_ACTIVE_INVITES_PER_ROOM: '2', FAILED_ATTEMPTS_PER_MINUTE: '1000' } }),
    startRelayProcess({ env: { FAILED_ATTEMPTS_PER_MINUTE: '2', TRUST_PROXY: '1' } }),
    startRelayProcess({ env: { FAILED_ATTEMPTS_PER_MINUTE: '1000', INVITE_CREATES_PER_HOUR: '1000' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([guessing.kill(), creating.kill(), proxied.kill(), open.kill()]);
});

describe('rate limits per address', () => {
  it('after N failed redeems an address gets 429 rate-limited with Retry-After, even for a valid code', async () => {
    const { doc, key } = newCommunity();
    const { body } = await createInvite(guessing.url, doc, key);
    // Successes do not count: a school's whole staff joins through one Wi-Fi address.
    for (let i = 0; i < 5; i++) expect((await redeemInvite(guessing.url, body.code)).status).toBe(200);

    for (let i = 0; i < 3; i++) expect((await redeemInvite(guessing.url, 'ZZZZZZZZ')).status).toBe(404);
    const refused = await redeemInvite(guessing.url, body.code);
    expect(refused).toMatchObject({ status: 429, body: { error: { reason: 'rate-limited', message: expect.stringMatching(/Coba lagi dalam/) } } });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Revoking is a way to test codes too, so it shares the budget.
    expect((await revokeInvite(guessing.url, body.code, key)).status).toBe(429);
    // Without TRUST_PROXY a forged X-Forwarded-For changes nothing.
    expect((await redeemInvite(guessing.url, body.code, { 'X-Forwarded-For': '192.0.2.99' })).status).toBe(429);
  });

  it('parallel guesses cannot slip past the limit', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => rekey(proxied.url, newCommunity().doc, 'anggota-xyz', newRoomKey())));
    // Proxied relay without X-Forwarded-For: all from 127.0.0.1, limit 2 per minute.
    expect(answers.filter((a) => a.status === 403)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(18);
  });

  it('an address creates at most INVITE_CREATES_PER_HOUR invites, and a room holds at most MAX_ACTIVE_INVITES_PER_ROOM', async () => {
    const room = newCommunity();
    expect((await createInvite(creating.url, room.doc, room.key)).status).toBe(201);
    const second = await createInvite(creating.url, room.doc, room.key);
    expect(second.status).toBe(201);
    // The room is full: 429 until one expires, and that attempt is not held against the address.
    const full = await createInvite(creating.url, room.doc, room.key);
    expect(full).toMatchObject({ status: 429, body: { error: { reason: 'rate-limited' } } });
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThan(6 * 86_400);
    // Revoking one frees a slot.
    expect((await revokeInvite(creating.url, second.body.code, room.key)).status).toBe(204);
    expect((await createInvite(creating.url, room.doc, room.key)).status).toBe(201);
    // Three created by this address so far; one more is the fourth of four per hour.
    const other = newCommunity();
    expect((await createInvite(creating.url, other.doc, other.key)).status).toBe(201);
    const tooMany = await createInvite(creating.url, other.doc, other.key);
    expect(tooMany).toMatchObject({ status: 429, body: { error: { reason: 'rate-limited' } } });
    expect(Number(tooMany.headers.get('retry-after'))).toBeGreaterThan(60);
  });

  it('with TRUST_PROXY=1 each forwarded address has its own budget; the last address is the one that counts', async () => {
    const guess = (forwardedFor: string) => redeemInvite(proxied.url, 'ZZZZZZZZ', { 'X-Forwarded-For': forwardedFor });
    expect((await guess('203.0.113.1')).status).toBe(404);
    expect((await guess('203.0.113.1')).status).toBe(404);
    expect((await guess('203.0.113.1')).status).toBe(429);
    // A client cannot escape by writing its own first entry: the proxy appends the real one.
    expect((await guess('198.51.100.7, 203.0.113.1')).status).toBe(429);
    expect((await guess('203.0.113.2')).status).toBe(404);
    // One IPv6 /64 is one budget.
    expect((await guess('2001:db8:1:2::a')).status).toBe(404);
    expect((await guess('2001:db8:1:2::b')).status).toBe(404);
    expect((await guess('2001:db8:1:2:ffff::1')).status).toBe(429);
  });
});

describe('malformed bodies', () => {
  const room = newCommunity();
  const json = { 'Content-Type': 'application/json' };
  it.each([
    ['not JSON', { headers: json, body: '{"doc": ' }, 400, 'invalid-body'],
    ['not UTF-8', { headers: json, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }, 400, 'invalid-body'],
    ['a JSON array', { headers: json, body: '[]' }, 400, 'invalid-body'],
    ['JSON null', { headers: json, body: 'null' }, 400, 'invalid-body'],
    ['an empty body', { headers: json, body: '' }, 400, 'invalid-body'],
    ['text/plain', { headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(room) }, 400, 'invalid-body'],
    ['no content type', { body: new Blob([JSON.stringify(room)]) }, 400, 'invalid-body'],
    ['a missing key', { headers: json, body: JSON.stringify({ doc: room.doc }) }, 400, 'invalid-body'],
    ['a key that is a number', { headers: json, body: JSON.stringify({ doc: room.doc, key: 12345678901234567890 }) }, 400, 'invalid-body'],
    ['a short key', { headers: json, body: JSON.stringify({ doc: room.doc, key: 'pendek' }) }, 400, 'invalid-key'],
    ['a document name that is not one', { headers: json, body: JSON.stringify({ doc: '../etc/passwd', key: room.key }) }, 400, 'invalid-doc'],
    ['a document name that is an object', { headers: json, body: JSON.stringify({ doc: { $ne: 1 }, key: room.key }) }, 400, 'invalid-body'],
    ['16 KiB and one byte', { headers: json, body: JSON.stringify({ doc: room.doc, key: room.key, pad: 'x'.repeat(16 * 1024) }) }, 413, 'body-too-large'],
    ['1 MiB', { headers: json, body: 'x'.repeat(1024 * 1024) }, 413, 'body-too-large'],
  ])('%s is answered with its reason, and the relay is unharmed', async (_case, init, status, reason) => {
    const reply = await send(open.url, '/api/invites', init as RequestInit);
    expect(reply).toMatchObject({ status, body: { error: { reason, message: expect.any(String) } } });
    expect((await healthz(open.url)).ok).toBe(true);
  });

  it.each([
    ['/api/invites/redeem', { code: 12345678 }, 'invalid-body'],
    ['/api/invites/redeem', { code: 'A'.repeat(65) }, 'invalid-body'],
    ['/api/invites/revoke', { code: 'ABCDEFGH' }, 'invalid-body'],
    ['/api/rooms/c-pendek/admin', { key: newRoomKey(), adminKey: newRoomKey() }, 'invalid-doc'],
    [`/api/rooms/${room.doc}/admin`, { key: newRoomKey(), adminKey: 'x' }, 'invalid-key'],
    [`/api/rooms/${room.doc}/members`, { key: newRoomKey(), memberId: 'a b', memberSecret: newRoomKey() }, 'invalid-body'],
    [`/api/rooms/${room.doc}/rotate`, { adminKey: newRoomKey(), newKey: newRoomKey(), keepMembers: 'semua' }, 'invalid-body'],
    [`/api/rooms/${room.doc}/rotate`, { adminKey: newRoomKey(), newKey: newRoomKey(), keepMembers: [42] }, 'invalid-body'],
    [`/api/rooms/${room.doc}/rotate`, { adminKey: newRoomKey(), keepMembers: [] }, 'invalid-body'],
    [`/api/rooms/${room.doc}/rekey`, { memberId: 'anggota-1' }, 'invalid-body'],
  ])('POST %s with %j is 400 %s', async (path, body, reason) => {
    expect(await post(open.url, path, body)).toMatchObject({ status: 400, body: { error: { reason } } });
  });

  it('other methods are 405 with Allow: POST; unknown API paths are 404 not-found', async () => {
    const get = await fetch(`${open.url}/api/invites`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await get.json()).toMatchObject({ error: { reason: 'method-not-allowed' } });
    expect(await post(open.url, `/api/rooms/${room.doc}/delete`, {})).toMatchObject({ status: 404, body: { error: { reason: 'not-found' } } });
  });

  it('after all that, the API still works', async () => {
    expect((await createInvite(open.url, room.doc, room.key)).status).toBe(201);
  });
});
