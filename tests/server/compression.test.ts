import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';

const SCRIPT = `console.log(${JSON.stringify('catatan harian '.repeat(200))});`;

/** A build as vite.config.ts's `precompress` leaves it: each text asset with .br and .gz beside it. */
function precompressedBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sejawat-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Sejawat</title>');
  const asset = join(dir, 'assets', 'index-Cz9.js');
  writeFileSync(asset, SCRIPT);
  writeFileSync(`${asset}.gz`, gzipSync(SCRIPT));
  writeFileSync(`${asset}.br`, brotliCompressSync(SCRIPT));
  return dir;
}

/** A raw GET (fetch would decode the body and hide what went over the wire). */
function get(url: string, acceptEncoding?: string): Promise<{ encoding?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelayProcess({ staticDir: precompressedBuild() });
});
afterAll(async () => {
  await relay.kill();
});

describe('the app reaches a phone on a slow network compressed', () => {
  it('sends brotli to a browser that accepts it, and the bytes decode to the asset', async () => {
    const res = await get(`${relay.url}/assets/index-Cz9.js`, 'gzip, deflate, br');
    expect(res.encoding).toBe('br');
    expect(res.body.length).toBeLessThan(SCRIPT.length / 4);
    expect(brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
  });

  it('sends the plain asset to a client that accepts no compression', async () => {
    const res = await get(`${relay.url}/assets/index-Cz9.js`);
    expect(res.encoding).toBeUndefined();
    expect(res.body.toString()).toBe(SCRIPT);
  });
});
