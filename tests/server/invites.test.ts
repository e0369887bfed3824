/**
 * Invite codes over the wire, against the real relay process: a facilitator creates a code, a
 * colleague redeems it and syncs with the key it returns; expired, revoked and unknown codes get a
 * clear Indonesian answer; codes and keys never reach the logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITE_CODE_ALPHABET, INVITE_CODE_LENGTH } from '../../src/domain/protocol.ts';
import { newRoomKey } from '../../src/domain/ids.ts';
import { API_MESSAGES } from '../../sync-server/api/ApiError.ts';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { createInvite, newCommunity, redeemInvite, revokeInvite } from './support/api.ts';
import { connectStock, readDocument } from './support/clients.ts';
import { logRecords } from './support/relayHttp.ts';
import { waitFor } from './support/waitFor.ts';

let relay: RelayProcess;
const secretsUsed: string[] = [];
beforeAll(async () => {
  // Generous failure budget: this file is about answers, rateLimits.test.ts about limits.
  relay = await startRelayProcess({ env: { FAILED_ATTEMPTS_PER_MINUTE: '1000', INVITE_CREATES_PER_HOUR: '1000' } });
});
afterAll(async () => {
  await relay.kill();
});

describe('invite codes', () => {
  it('a facilitator creates a code; a colleague redeems it and syncs the community with the key it returns', async () => {
    const { doc, key } = newCommunity();
    const facilitator = connectStock(relay.wsUrl, doc, key);
    await facilitator.whenSynced();
    facilitator.ydoc.getMap('norma').set('kepercayaan', 'Kita saling percaya');

    const before = Date.now();
    const created = await createInvite(relay.url, doc, key);
    expect(created.status).toBe(201);
    expect(created.body.code).toMatch(new RegExp(`^[${INVITE_CODE_ALPHABET}]{${INVITE_CODE_LENGTH}}$`));
    // Default lifetime: 7 days.
    expect(created.body.expiresAt).toBeGreaterThanOrEqual(before + 7 * 86_400_000 - 1000);
    expect(created.body.expiresAt).toBeLessThanOrEqual(Date.now() + 7 * 86_400_000 + 1000);
    secretsUsed.push(key, created.body.code);

    const redeemed = await redeemInvite(relay.url, created.body.code);
    expect(redeemed).toMatchObject({ status: 200, body: { doc, key } });

    const colleague = connectStock(relay.wsUrl, redeemed.body.doc, redeemed.body.key);
    await colleague.whenSynced();
    await waitFor(() => colleague.ydoc.getMap('norma').get('kepercayaan') === 'Kita saling percaya', { what: 'the norms reach the colleague' });
    colleague.ydoc.getMap('norma').set('empati', 'Kita mendengarkan');
    await waitFor(() => facilitator.ydoc.getMap('norma').get('empati') === 'Kita mendengarkan', { what: 'her edit reaches the facilitator' });
    colleague.destroy();
    facilitator.destroy();
  });

  it('a code read aloud works in lower case, with spaces and dashes, and for many colleagues', async () => {
    const { doc, key } = newCommunity();
    const { body } = await createInvite(relay.url, doc, key);
    secretsUsed.push(key, body.code);
    const spoken = `${(body.code as string).slice(0, 4).toLowerCase()} - ${(body.code as string).slice(4)}`;
    for (const typed of [spoken, body.code, ` ${(body.code as string).toLowerCase()} `]) {
      expect(await redeemInvite(relay.url, typed)).toMatchObject({ status: 200, body: { doc, key } });
    }
  });

  it('a room never seen before is registered by its first invite, like by its first connection', async () => {
    const { doc, key } = newCommunity();
    secretsUsed.push(key);
    expect((await createInvite(relay.url, doc, key)).status).toBe(201);
    // Registered: another key for that room is now wrong.
    expect(await createInvite(relay.url, doc, newRoomKey())).toMatchObject({ status: 401, body: { error: { reason: 'wrong-key' } } });
    expect(await readDocument(relay.wsUrl, doc, key)).toBeDefined();
  });

  it('an expired code answers 410 invite-expired with an Indonesian message', async () => {
    const { doc, key } = newCommunity();
    const { status, body } = await createInvite(relay.url, doc, key, 1);
    expect(status).toBe(201);
    secretsUsed.push(key, body.code);
    // Polled, never slept: it may still be valid for up to a second.
    let last: Awaited<ReturnType<typeof redeemInvite>> | undefined;
    await waitFor(
      async () => {
        last = await redeemInvite(relay.url, body.code);
        return last.status !== 200;
      },
      { what: 'the invite to expire', intervalMs: 100 },
    );
    expect(last).toMatchObject({ status: 410, body: { error: { reason: 'invite-expired', message: API_MESSAGES['invite-expired'] } } });
  });

  it('a revoked code answers 410 invite-revoked; revoking twice is fine', async () => {
    const { doc, key } = newCommunity();
    const { body } = await createInvite(relay.url, doc, key);
    secretsUsed.push(key, body.code);
    expect(await revokeInvite(relay.url, body.code, key)).toMatchObject({ status: 204, body: undefined });
    expect(await redeemInvite(relay.url, body.code)).toMatchObject({
      status: 410,
      body: { error: { reason: 'invite-revoked', message: API_MESSAGES['invite-revoked'] } },
    });
    expect((await revokeInvite(relay.url, body.code, key)).status).toBe(204);
  });

  it('an unknown code answers 404 invite-not-found, also one that could never be issued', async () => {
    for (const code of ['ABCDEFGH', 'O0I1O0I1', 'abc', 'ABCDEFGHJ']) {
      expect(await redeemInvite(relay.url, code)).toMatchObject({
        status: 404,
        body: { error: { reason: 'invite-not-found', message: API_MESSAGES['invite-not-found'] } },
      });
    }
    expect(await revokeInvite(relay.url, 'ABCDEFGH', newRoomKey())).toMatchObject({ status: 404, body: { error: { reason: 'invite-not-found' } } });
  });

  it('a wrong key cannot create or revoke an invite (401 wrong-key), and the invite still works', async () => {
    const { doc, key } = newCommunity();
    const { body } = await createInvite(relay.url, doc, key);
    secretsUsed.push(key, body.code);
    const stranger = newRoomKey();
    secretsUsed.push(stranger);
    expect(await createInvite(relay.url, doc, stranger)).toMatchObject({
      status: 401,
      body: { error: { reason: 'wrong-key', message: API_MESSAGES['wrong-key'] } },
    });
    expect(await revokeInvite(relay.url, body.code, stranger)).toMatchObject({ status: 401, body: { error: { reason: 'wrong-key' } } });
    expect(await redeemInvite(relay.url, body.code)).toMatchObject({ status: 200, body: { doc, key } });
  });

  it.each([
    ['0 seconds', 0],
    ['a negative lifetime', -5],
    ['a fraction', 1.5],
    ['more than 30 days', 30 * 86_400 + 1],
    ['a string', '3600'],
    ['null', null],
  ])('a lifetime of %s is refused with 400 invalid-ttl', async (_case, ttlSeconds) => {
    const { doc, key } = newCommunity();
    expect(await createInvite(relay.url, doc, key, ttlSeconds as number)).toMatchObject({ status: 400, body: { error: { reason: 'invalid-ttl' } } });
  });

  it('a lifetime of exactly 30 days is accepted', async () => {
    const { doc, key } = newCommunity();
    const before = Date.now();
    const { status, body } = await createInvite(relay.url, doc, key, 30 * 86_400);
    expect(status).toBe(201);
    expect(body.expiresAt).toBeGreaterThanOrEqual(before + 30 * 86_400_000);
  });

  it('no code and no key ever appears in the logs', () => {
    expect(secretsUsed.length).toBeGreaterThan(10);
    const logs = relay.logs.join('\n');
    expect(logRecords(relay.logs)).toContainEqual(expect.objectContaining({ msg: 'api', route: 'invites.redeem', status: 200 }));
    for (const secret of secretsUsed) expect(logs).not.toContain(secret);
  });
});
