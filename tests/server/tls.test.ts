import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startRelayProcess } from '../support/relayProcess.ts';
import { newRoom, syncStep1Message, syncUrl } from './support/clients.ts';
import { logRecords } from './support/relayHttp.ts';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('TLS', () => {
  it.skipIf(!hasOpenssl)('with TLS_CERT and TLS_KEY the relay serves HTTPS and WSS on its port', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sejawat-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const relay = await startRelayProcess({ env: { TLS_CERT: cert, TLS_KEY: key } });
    try {
      const listening = logRecords(relay.logs).find((r) => r.msg === 'listening');
      expect(listening).toMatchObject({ tls: true, url: `https://127.0.0.1:${relay.port}` });
      const ca = readFileSync(cert);

      const health = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        get(`https://127.0.0.1:${relay.port}/healthz`, { ca }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }).on('error', reject);
      });
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({ ok: true });

      const { doc, key: roomKey } = newRoom();
      const ws = new WebSocket(syncUrl(`wss://127.0.0.1:${relay.port}/sync`, doc, roomKey), { ca });
      const first = await new Promise<Uint8Array>((resolve, reject) => {
        ws.once('message', (data: Buffer) => resolve(new Uint8Array(data)));
        ws.once('error', reject);
        ws.once('open', () => ws.send(syncStep1Message()));
      });
      // The relay's own sync step 1 opens every session.
      expect(Array.from(first.slice(0, 2))).toEqual([0, 0]);
      ws.close();
    } finally {
      await relay.kill();
    }
  });
});
