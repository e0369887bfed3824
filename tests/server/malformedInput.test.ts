/**
 * A peer can craft arbitrary bytes. Each kind of bad input closes that connection only, with a
 * logged reason, and the relay keeps serving everyone else.
 */
import { randomBytes } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/domain/protocol.ts';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { connectRaw, connectStock, encode, newRoom, syncUrl, type StockClient } from './support/clients.ts';
import { clientFrame, sendRawFrame } from './support/rawFrames.ts';
import { healthz, logRecords } from './support/relayHttp.ts';
import { waitFor } from './support/waitFor.ts';

const MAX_MESSAGE_BYTES = 64 * 1024;
let relay: RelayProcess;
/** Two teachers editing throughout: every bad input must leave them untouched. */
const room = newRoom();
let alice: StockClient;
let bob: StockClient;

beforeAll(async () => {
  relay = await startRelayProcess({ env: { MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) } });
  alice = connectStock(relay.wsUrl, room.doc, room.key);
  bob = connectStock(relay.wsUrl, room.doc, room.key);
  await Promise.all([alice.whenSynced(), bob.whenSynced()]);
});
afterAll(async () => {
  alice.destroy();
  bob.destroy();
  await relay.kill();
});

let edits = 0;
/** Alice writes, Bob must see it: the room still works. */
async function expectRoomStillSyncs(): Promise<void> {
  const value = `edit ${++edits}`;
  alice.ydoc.getMap('m').set('last', value);
  await waitFor(() => bob.ydoc.getMap('m').get('last') === value, { what: `bob sees ${value}` });
  expect(alice.closes).toEqual([]);
  expect(bob.closes).toEqual([]);
  expect((await healthz(relay.url)).ok).toBe(true);
}

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

const invalidMessages: [string, Uint8Array | string, string][] = [
  ['a text frame', 'hello relay', 'text-frame'],
  ['an empty binary frame', bytes(), 'empty-message'],
  ['an unknown message type', bytes(42, 1, 2, 3), 'unknown-message-type'],
  ['an unknown sync step', bytes(0, 9, 0), 'unknown-sync-type'],
  ['a truncated varint (message type)', bytes(0x80), 'truncated-message'],
  ['a varint longer than 53 bits', bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), 'truncated-message'],
  ['a truncated varint (update length)', bytes(0, 2, 0xff), 'truncated-message'],
  ['a length beyond the frame', bytes(0, 2, 50, 1, 2, 3), 'truncated-message'],
  ['a garbage Yjs update', encode((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, bytes(5, 200, 17, 3, 99, 1, 1, 1, 0, 250));
  }), 'invalid-update'],
  ['a garbage state vector', bytes(0, 0, 3, 5, 0x80, 0x80), 'invalid-state-vector'],
  ['an awareness update that is not JSON', encode((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, encode((inner) => {
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, 12345);
      encoding.writeVarUint(inner, 1);
      encoding.writeVarString(inner, '{"user": nope');
    }));
  }), 'invalid-awareness'],
  ['trailing bytes after a message', bytes(3, 0), 'trailing-bytes'],
  ['a COMMIT_ACK without its counter', bytes(100), 'truncated-message'],
];

describe('malformed input', () => {
  it.each(invalidMessages)('%s closes only that connection with 1007 and a logged reason', async (_name, message, reason) => {
    const client = connectRaw(syncUrl(relay.wsUrl, room.doc, room.key));
    await client.opened();
    client.send(message);
    expect((await client.closed()).code).toBe(CloseCode.INVALID_MESSAGE.code);
    await waitFor(() => logRecords(relay.logs).some((r) => r.msg === 'malformed message; closing connection' && r.reason === reason), {
      what: `a log line with reason ${reason}`,
    });
    await expectRoomStillSyncs();
  });

  it('a text frame with invalid UTF-8 is closed by the websocket layer (1007)', async () => {
    const code = await sendRawFrame(relay.port, `/sync/${room.doc}?key=${room.key}`, clientFrame(0x81, bytes(0xc3, 0x28)));
    expect(code).toBe(1007);
    await expectRoomStillSyncs();
  });

  it.each([
    ['RSV1', 0xc2],
    ['RSV2', 0xa2],
    ['RSV3', 0x92],
  ])('a frame with the reserved %s bit set is refused (1002) without crashing the relay', async (_bit, firstByte) => {
    // The stock y-websocket server dies on this frame: its socket has no 'error' listener.
    const code = await sendRawFrame(relay.port, `/sync/${room.doc}?key=${room.key}`, clientFrame(firstByte, bytes(0, 0, 1, 0)));
    expect(code).toBe(1002);
    await expectRoomStillSyncs();
    expect(logRecords(relay.logs)).toContainEqual(expect.objectContaining({ msg: 'websocket error; connection closed' }));
  });

  it('a frame over MAX_MESSAGE_BYTES closes only the offender with 1009 while the others keep syncing', async () => {
    const client = connectRaw(syncUrl(relay.wsUrl, room.doc, room.key));
    await client.opened();
    const big = encode((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, randomBytes(MAX_MESSAGE_BYTES + 1));
    });
    client.send(big);
    expect((await client.closed()).code).toBe(CloseCode.MESSAGE_TOO_BIG.code);
    await expectRoomStillSyncs();
  });

  it('a frame just under the limit is accepted', async () => {
    const text = 'x'.repeat(MAX_MESSAGE_BYTES - 200);
    alice.ydoc.getMap('m').set('long', text);
    await waitFor(() => bob.ydoc.getMap('m').get('long') === text, { what: 'bob gets the long value' });
    await expectRoomStillSyncs();
  });

  it('the relay is still healthy and serves new rooms after all of this', async () => {
    const fresh = newRoom();
    const a = connectStock(relay.wsUrl, fresh.doc, fresh.key);
    const b = connectStock(relay.wsUrl, fresh.doc, fresh.key);
    a.ydoc.getText('t').insert(0, 'masih hidup');
    await waitFor(() => b.ydoc.getText('t').toString() === 'masih hidup', { what: 'fresh room syncs' });
    a.destroy();
    b.destroy();
    const health = await healthz(relay.url);
    expect(health.ok).toBe(true);
    expect(health.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });
});
