/**
 * Clients for the idle-room measurement, in a process of their own so their memory is not
 * counted: one room each, a small document (one journal entry, ~450 characters, as in
 * sync-server/scripts/measureIdleRooms.ts) put on the relay, then the socket stays open, idle.
 */
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { exitWithParent } from '../lib/processes.ts';
import { decodeMessage, encodeAck, encodeStep1, encodeSync, openSocket, Sync, toBytes } from '../lib/yproto.ts';

function journalEntry(i: number): Uint8Array {
  const doc = new Y.Doc();
  const entry = new Y.Map<unknown>();
  doc.getMap('entries').set(`entry${i}`, entry);
  entry.set('date', '2025-03-01');
  entry.set('kelas', '2B');
  const text = new Y.Text();
  entry.set('whatHappened', text);
  text.insert(0, 'Anak-anak belajar pecahan dengan memotong kue. '.repeat(8));
  return Y.encodeStateAsUpdate(doc);
}

const sockets: WebSocket[] = [];

async function openRoom(url: string, i: number, acks: boolean): Promise<void> {
  const ws = await openSocket(url);
  sockets.push(ws);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('room did not settle')), 60_000);
    ws.on('message', (data) => {
      const msg = decodeMessage(toBytes(data));
      if (msg.kind === 'step1') ws.send(encodeSync(Sync.STEP2, new Uint8Array([0, 0])));
      if ((acks && msg.kind === 'ack') || (!acks && msg.kind === 'step2')) {
        clearTimeout(timer);
        resolve();
      }
    });
    ws.send(encodeSync(Sync.UPDATE, journalEntry(i)));
    ws.send(acks ? encodeAck(1) : encodeStep1(new Uint8Array([0])));
  });
}

exitWithParent();
process.on('message', (msg: { type: string; urls: string[]; acks: boolean }) => {
  if (msg.type !== 'open') return;
  void (async () => {
    for (let i = 0; i < msg.urls.length; i += 20) {
      await Promise.all(msg.urls.slice(i, i + 20).map((url, k) => openRoom(url, i + k, msg.acks)));
    }
    process.send?.({ type: 'open', rooms: sockets.length });
  })().catch((err: unknown) => process.send?.({ type: 'error', error: String(err) }));
});
