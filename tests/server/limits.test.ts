import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/domain/protocol.ts';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { connectRaw, newRoom, syncUrl } from './support/clients.ts';
import { healthz } from './support/relayHttp.ts';
import { waitFor } from './support/waitFor.ts';

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelayProcess({ env: { MAX_CONNECTIONS_PER_IP: '2' } });
});
afterAll(async () => {
  await relay.kill();
});

describe('connections per address', () => {
  it('a third connection from one address is refused with 4429; a freed slot can be used again', async () => {
    const { doc, key } = newRoom();
    const first = connectRaw(syncUrl(relay.wsUrl, doc, key));
    const second = connectRaw(syncUrl(relay.wsUrl, newRoom().doc, key));
    await Promise.all([first.opened(), second.opened()]);
    await waitFor(async () => (await healthz(relay.url)).connections === 2, { what: 'two connections counted' });

    const third = connectRaw(syncUrl(relay.wsUrl, doc, key));
    expect((await third.closed()).code).toBe(CloseCode.TOO_MANY_CONNECTIONS.code);
    // The refused one never counted.
    expect((await healthz(relay.url)).connections).toBe(2);

    first.close();
    await waitFor(async () => (await healthz(relay.url)).connections === 1, { what: 'slot freed' });
    const fourth = connectRaw(syncUrl(relay.wsUrl, doc, key));
    await fourth.opened();
    await waitFor(async () => (await healthz(relay.url)).connections === 2, { what: 'fourth accepted' });
    expect(fourth.ws.readyState).toBe(fourth.ws.OPEN);
    fourth.close();
    second.close();
  });
});
