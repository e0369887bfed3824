import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRoomKey } from '../../src/domain/ids.ts';
import { CloseCode } from '../../src/domain/protocol.ts';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { connectRaw, connectStock, newRoom, readDocument, syncUrl } from './support/clients.ts';
import { logRecords } from './support/relayHttp.ts';
import { waitFor } from './support/waitFor.ts';

let relay: RelayProcess;
const keysUsed: string[] = [];
/** Logs of relays replaced by a restart. */
const earlierLogs: string[] = [];
beforeAll(async () => {
  relay = await startRelayProcess();
});
afterAll(async () => {
  await relay.kill();
});

describe('rooms and keys (trust on first use)', () => {
  it('the first phone registers the room; a wrong key is refused with 4401 and the stock client stops retrying', async () => {
    const { doc, key } = newRoom();
    const owner = connectStock(relay.wsUrl, doc, key);
    await owner.whenSynced();
    owner.ydoc.getMap('m').set('rahasia', 'catatan pribadi');

    const wrongKey = newRoomKey();
    keysUsed.push(key, wrongKey);
    const intruder = connectStock(relay.wsUrl, doc, wrongKey);
    const closed = new Promise<{ code: number }>((resolve) => intruder.provider.on('closed', (event) => resolve(event)));
    expect((await closed).code).toBe(CloseCode.UNAUTHORIZED.code);
    expect(intruder.provider.shouldConnect).toBe(false);
    expect(intruder.ydoc.getMap('m').get('rahasia')).toBeUndefined();
    expect(logRecords(relay.logs)).toContainEqual(expect.objectContaining({ msg: 'connection refused', reason: 'wrong-key', doc }));
    intruder.destroy();
    owner.destroy();
  });

  it('the registered key holds after a restart, and only its hash is on disk', async () => {
    const { doc, key } = newRoom();
    keysUsed.push(key);
    const owner = connectStock(relay.wsUrl, doc, key);
    await owner.whenSynced();
    owner.destroy();

    earlierLogs.push(...relay.logs);
    relay = await relay.restart();
    const intruder = connectRaw(syncUrl(relay.wsUrl, doc, newRoomKey()));
    expect((await intruder.closed()).code).toBe(CloseCode.UNAUTHORIZED.code);
    const copy = await readDocument(relay.wsUrl, doc, key);
    expect(copy).toBeDefined();

    const db = new Database(join(relay.dataDir, 'sejawat.sqlite'), { readonly: true });
    const row = db.prepare('SELECT key_hash FROM rooms WHERE doc = ?').get(doc) as { key_hash: Buffer };
    db.close();
    expect(Buffer.from(row.key_hash).toString('hex')).toBe(createHash('sha256').update(key).digest('hex'));
    for (const file of readdirSync(relay.dataDir)) {
      expect(readFileSync(join(relay.dataDir, file)).includes(Buffer.from(key))).toBe(false);
    }
  });

  it.each([
    ['a bad document name', (base: string, key: string) => `${base}/not-a-doc?key=${key}`, 'bad-doc-name'],
    ['a percent-encoded document name', (base: string, key: string) => `${base}/p-%41${'a'.repeat(20)}?key=${key}`, 'bad-doc-name'],
    ['no document name', (base: string, key: string) => `${base}?key=${key}`, 'bad-doc-name'],
    ['a missing key', (base: string) => `${base}/${newRoom().doc}`, 'missing-key'],
    ['an empty key', (base: string) => `${base}/${newRoom().doc}?key=`, 'missing-key'],
    ['a malformed key', (base: string) => `${base}/${newRoom().doc}?key=short`, 'malformed-key'],
  ])('%s is refused with 4400', async (_case, makeUrl, reason) => {
    const key = newRoomKey();
    keysUsed.push(key);
    const client = connectRaw(makeUrl(relay.wsUrl, key));
    expect(await client.closed()).toEqual({ code: CloseCode.BAD_REQUEST.code, reason: CloseCode.BAD_REQUEST.reason });
    await waitFor(() => logRecords(relay.logs).some((r) => r.msg === 'connection refused' && r.reason === reason), { what: `log ${reason}` });
  });

  it('no room key ever appears in the logs', () => {
    expect(keysUsed.length).toBeGreaterThan(5);
    const allLogs = [...earlierLogs, ...relay.logs].join('\n');
    expect(allLogs).toContain('wrong-key');
    for (const key of keysUsed) expect(allLogs).not.toContain(key);
  });
});
