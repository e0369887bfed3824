/**
 * The relay dies (kill -9) under 25 connected phones and comes back on the same port. Every phone
 * reconnects on its own, with what was typed meanwhile, and they do not all arrive in the same
 * instant: the jittered backoff (src/sync/reconnect.ts) spreads them. The spread is printed
 * ("reconnect spread") for the record; the assertion is only a generous floor, "not all within
 * the same half second", which y-websocket's unjittered `100 ms · 2^n` would fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { DocKind, newDocName, newRoomKey } from '../../src/domain/ids';
import { DocSync } from '../../src/sync/DocSync';
import { SyncState } from '../../src/sync/SyncState';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess';
import { readDocument } from './support/clients';

const Polyfill = WebSocket as unknown as typeof globalThis.WebSocket;
const PHONES = 25;
// Each y-websocket provider listens for the process's 'exit'.
process.setMaxListeners(PHONES + 10);

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelayProcess();
});
afterAll(async () => {
  await relay?.kill('SIGKILL');
});

describe('25 phones and a relay that comes back', () => {
  it('all reconnect with their offline writing, spread out in time', { timeout: 60_000 }, async () => {
    const phones = Array.from({ length: PHONES }, (_, i) => {
      const name = newDocName(DocKind.PERSONAL);
      const key = newRoomKey();
      const doc = new Y.Doc();
      doc.getText('gap').insert(0, `guru ${i}: `);
      const sync = new DocSync({ name, key, doc, relayUrl: relay.wsUrl, startsSynced: false, WebSocketPolyfill: Polyfill });
      return { name, key, doc, sync, reconnectedAt: undefined as number | undefined };
    });
    try {
      await expect.poll(() => phones.every((p) => p.sync.state === SyncState.SYNCED), { timeout: 30_000 }).toBe(true);

      await relay.kill('SIGKILL');
      // While the relay is down each teacher keeps typing: on the phone, not yet synced.
      for (const [i, phone] of phones.entries()) phone.doc.getText('gap').insert(phone.doc.getText('gap').length, `anak ke-${i} menunggu giliran`);
      await expect.poll(() => phones.every((p) => p.sync.state === SyncState.LOCAL), { timeout: 40_000 }).toBe(true);

      let restartedAt = 0;
      for (const phone of phones) {
        phone.sync.provider.on('status', ({ status }) => {
          if (status === 'connected' && restartedAt > 0) phone.reconnectedAt ??= performance.now();
        });
      }
      relay = await relay.restart();
      restartedAt = performance.now();

      await expect.poll(() => phones.every((p) => p.sync.state === SyncState.SYNCED), { timeout: 40_000 }).toBe(true);
      const times = phones.map((p) => p.reconnectedAt as number);
      const spreadMs = Math.max(...times) - Math.min(...times);
      const firstMs = Math.min(...times) - restartedAt;
      console.log(`reconnect spread: ${PHONES} phones reconnected over ${Math.round(spreadMs)} ms (first ${Math.round(firstMs)} ms after the relay listened again)`);
      expect(spreadMs).toBeGreaterThan(500);

      // Acknowledged means stored: what each phone typed offline is in the relay's storage.
      const sample = [phones[0], phones[12], phones[24]];
      for (const phone of sample) {
        const copy = await readDocument(relay.wsUrl, phone!.name, phone!.key);
        expect(copy.getText('gap').toString()).toBe(phone!.doc.getText('gap').toString());
      }
    } finally {
      for (const phone of phones) phone.sync.destroy();
    }
  });
});
