/**
 * A slow relay: the phone reaches it through a TCP proxy adding 1 s each way (2 s round trip) and
 * capping each direction at 50 KB/s (tests/support/slowProxy.ts). She has a long journal written
 * offline and keeps typing while it uploads. Each time the status turns *Tersinkron*, the relay's
 * SQLite file is read at once and must already hold everything the phone had; in the end all of it
 * is stored and reaches a phone on a fast link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { DocSync } from '../../src/sync/DocSync';
import { SyncState } from '../../src/sync/SyncState';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess';
import { startSlowProxy, type SlowProxy } from '../support/slowProxy';
import { newRoom, readDocument } from './support/clients';
import { readStoredDoc } from './support/relayHttp';

const Polyfill = WebSocket as unknown as typeof globalThis.WebSocket;

let relay: RelayProcess;
let proxy: SlowProxy;
beforeAll(async () => {
  relay = await startRelayProcess();
  proxy = await startSlowProxy({ targetPort: relay.port, latencyMs: 1_000, bytesPerSecond: 50_000 });
});
afterAll(async () => {
  await proxy?.close();
  await relay?.kill();
});

describe('a slow relay (2 s round trip, 50 KB/s)', () => {
  it('"Tersinkron" only for what is on the relay\'s disk; everything arrives', { timeout: 60_000 }, async () => {
    const { doc: name, key } = newRoom();
    const doc = new Y.Doc();
    const text = doc.getText('activity');
    // A month of entries written offline: ~60 KB, more than a second of this link.
    text.insert(0, 'Anak-anak bermain balok dan mulai bergiliran tanpa diminta. '.repeat(1_000));
    const phone = new DocSync({ name, key, doc, relayUrl: `ws://127.0.0.1:${proxy.port}/sync`, startsSynced: false, WebSocketPolyfill: Polyfill });

    const violations: string[] = [];
    let checks = 0;
    phone.onChange((state) => {
      if (state !== SyncState.SYNCED) return;
      checks++;
      const stored = readStoredDoc(relay.dataDir, name).getText('activity').toString();
      if (stored !== text.toString()) violations.push(`Tersinkron with ${text.length} characters on the phone, ${stored.length} on disk`);
    });

    // She keeps typing while the upload crawls.
    await new Promise<void>((resolve) => {
      let n = 0;
      const typing = setInterval(() => {
        text.insert(text.length, ` catatan ${n}`);
        if (++n === 10) {
          clearInterval(typing);
          resolve();
        }
      }, 300);
    });
    await expect.poll(() => phone.state, { timeout: 45_000 }).toBe(SyncState.SYNCED);
    expect(violations).toEqual([]);
    expect(checks).toBeGreaterThan(0);

    expect(readStoredDoc(relay.dataDir, name).getText('activity').toString()).toBe(text.toString());
    const fast = await readDocument(relay.wsUrl, name, key);
    expect(fast.getText('activity').toString()).toBe(text.toString());
    phone.destroy();
  });
});
