import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { connectStock, newRoom } from './support/clients.ts';
import { healthz } from './support/relayHttp.ts';
import { waitFor } from './support/waitFor.ts';

/** A fake build: what `vite build` leaves in dist/. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sejawat-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Sejawat</title>');
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(dir, 'manifest.webmanifest'), '{"name":"Sejawat"}');
  writeFileSync(join(dir, 'assets', 'index-Bx7f3k.js'), 'console.log("app")');
  return dir;
}

let built: RelayProcess;
let unbuilt: RelayProcess;
beforeAll(async () => {
  [built, unbuilt] = await Promise.all([
    startRelayProcess({ staticDir: fakeBuild() }),
    startRelayProcess({ staticDir: mkdtempSync(join(tmpdir(), 'sejawat-empty-')) }),
  ]);
});
afterAll(async () => {
  await Promise.all([built.kill(), unbuilt.kill()]);
});

describe('HTTP', () => {
  it('GET /healthz answers JSON with rooms, connections and uptime', async () => {
    const res = await fetch(`${built.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ ok: true, rooms: expect.any(Number), connections: expect.any(Number), loadedRoomsBytes: expect.any(Number), uptimeSeconds: expect.any(Number) });

    const { doc, key } = newRoom();
    const client = connectStock(built.wsUrl, doc, key);
    await client.whenSynced();
    expect(await healthz(built.url)).toMatchObject({ rooms: 1, connections: 1 });
    client.destroy();
    await waitFor(async () => (await healthz(built.url)).connections === 0, { what: 'connection gone' });
  });

  it('an unknown /api/ path is a 404 with a JSON error reason', async () => {
    const res = await fetch(`${built.url}/api/nothing-here?key=secret`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ error: { reason: 'not-found', message: expect.any(String) } });
  });

  it('the websocket path over plain HTTP says an upgrade is required', async () => {
    const res = await fetch(`${built.url}/sync/p-aaaaaaaaaaaaaaaaaaaa`);
    expect(res.status).toBe(426);
    expect(await res.json()).toMatchObject({ error: { reason: 'upgrade-required' } });
  });

  it.each([
    ['/', 'no-cache', 'text/html'],
    ['/index.html', 'no-cache', 'text/html'],
    ['/jurnal/2025-03-01', 'no-cache', 'text/html'],
    ['/sw.js', 'no-cache', 'javascript'],
    ['/manifest.webmanifest', 'no-cache', 'manifest+json'],
    ['/assets/index-Bx7f3k.js', 'public, max-age=31536000, immutable', 'javascript'],
  ])('GET %s serves the app with Cache-Control %s', async (path, cacheControl, type) => {
    const res = await fetch(`${built.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe(cacheControl);
    expect(res.headers.get('content-type')).toContain(type);
  });

  it('a missing hashed asset is a 404, never the HTML shell cached forever', async () => {
    const res = await fetch(`${built.url}/assets/index-gone.js`);
    expect(res.status).toBe(404);
  });

  it('without a build, pages answer 503 saying to run the build', async () => {
    const res = await fetch(`${unbuilt.url}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('The app is not built: run `npm run build`');
    // The relay itself works regardless.
    expect((await healthz(unbuilt.url)).ok).toBe(true);
  });
});
