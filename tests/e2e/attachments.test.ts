import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useRelayAndChromium } from './support/harness';

const e2e = useRelayAndChromium();
const COMMUNITY = 'Gugus PAUD Melati';

/**
 * A camera-like photo drawn in the page (no file from outside): a 1600×1200 JPEG in CI, a
 * 4000×3000 one (12 MP, like a phone camera) with SEJAWAT_MEASURE=1.
 */
const MEASURE = process.env.SEJAWAT_MEASURE === '1';
async function bigPhoto(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate((measure) => {
    const [w, h] = measure ? [4000, 3000] : [1600, 1200];
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const g = canvas.getContext('2d')!;
    const sky = g.createLinearGradient(0, 0, w, h);
    sky.addColorStop(0, '#fde68a');
    sky.addColorStop(1, '#0f766e');
    g.fillStyle = sky;
    g.fillRect(0, 0, w, h);
    for (let i = 0; i < 400; i++) {
      g.fillStyle = `hsl(${(i * 37) % 360} 70% 50%)`;
      g.fillRect((i * 263) % (w - 100), (i * 151) % (h - 100), 40 + (i % 90), 40 + (i % 70));
    }
    if (measure) {
      // Sensor-like noise, so the encoder works as hard as on a real camera photo.
      const pixels = g.getImageData(0, 0, w, h);
      let seed = 1;
      for (let i = 0; i < pixels.data.length; i += 4) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const n = (seed % 41) - 20;
        pixels.data[i] = pixels.data[i]! + n;
        pixels.data[i + 1] = pixels.data[i + 1]! + n;
        pixels.data[i + 2] = pixels.data[i + 2]! + n;
      }
      g.putImageData(pixels, 0, 0);
    }
    return canvas.toDataURL('image/jpeg', 0.92).split(',')[1]!;
  }, MEASURE);
  return Buffer.from(base64, 'base64');
}

/** Reads the device database of the page (Dexie `sejawat`) without the app's code. */
function deviceRecords(page: Page): Promise<{ outbox: { hash: string; doc: string; sentAt?: number }[]; rooms: { doc: string; key: string; kind: string }[] }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('sejawat');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['outbox', 'rooms'], 'readonly');
          const outbox = tx.objectStore('outbox').getAll();
          const rooms = tx.objectStore('rooms').getAll();
          tx.oncomplete = () => {
            db.close();
            resolve({ outbox: outbox.result, rooms: rooms.result });
          };
        };
      }),
  );
}

async function relayGet(hash: string, doc: string, key: string): Promise<number> {
  const res = await fetch(`${e2e.relay.url}/api/blobs/${hash}`, { headers: { 'X-Sejawat-Doc': doc, Authorization: `Bearer ${key}` } });
  await res.arrayBuffer();
  return res.status;
}

describe('photos as evidence', () => {
  it('a photo attached offline to a meeting waits on the phone, goes up when online, and a colleague sees it; a journal photo stays in her personal room', async () => {
    const { context: phoneA, page: sari } = await e2e.teacher('Bu Sari');
    await sari.createCommunity({ name: COMMUNITY, kind: 'Dalam sekolah', focus: 'bermain bersama' });
    await sari.expectPill('Tersinkron');
    const code = await sari.makeInviteCode();
    const { page: rina } = await e2e.teacher('Bu Rina');
    await rina.joinWithCode(code, COMMUNITY);
    await sari.waitUntilOfflineReady();

    await sari.goToCommunity(COMMUNITY);
    await sari.openSection('Pertemuan');
    await sari.page.getByRole('button', { name: 'Mulai pertemuan hari ini' }).click();
    await sari.field('Notulen').waitFor();
    await sari.expectPill('Tersinkron');
    const photo = await bigPhoto(sari.page);

    // Offline: the photo is resized on the phone and waits there.
    // Bytes on the wire, as the relay logged them (one line per call, `bytes` = body read).
    const puts = () =>
      e2e.relay.logs
        .map((line) => JSON.parse(line) as { msg?: string; route?: string; status?: number; bytes?: number })
        .filter((r) => r.msg === 'api' && r.route === 'blobs.put');
    await phoneA.setOffline(true);
    const started = Date.now();
    await sari.page.getByLabel('Tambah foto').setInputFiles({ name: 'kelas.jpg', mimeType: 'image/jpeg', buffer: photo });
    const thumbnail = sari.page.getByRole('img', { name: 'Foto 1' });
    await thumbnail.waitFor();
    const resizeMs = Date.now() - started;
    await expect.poll(() => sari.page.locator('.attachment-state').textContent(), { timeout: 15_000 }).toMatch(/menunggu dikirim|di HP saja/);
    const size = await thumbnail.evaluate((img: HTMLImageElement) => ({ width: img.naturalWidth, height: img.naturalHeight }));
    expect(size).toEqual({ width: 1280, height: 960 });
    expect(puts()).toEqual([]);

    // Online: the outbox sends it once the meeting is on the relay.
    await phoneA.setOffline(false);
    await expect.poll(() => sari.page.locator('.attachment-state').textContent(), { timeout: 45_000 }).toBe('aman di server');
    const { outbox } = await deviceRecords(sari.page);
    const meetingPhoto = outbox.find((r) => r.sentAt !== undefined)!;
    const stored = await sari.page.evaluate(
      (hash) =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('sejawat');
          open.onsuccess = () => {
            const get = open.result.transaction('blobs').objectStore('blobs').get(hash);
            get.onsuccess = () => {
              open.result.close();
              resolve((get.result as { size: number }).size);
            };
          };
        }),
      meetingPhoto.hash,
    );
    expect(stored).toBeLessThan(400_000);
    // One PUT, of exactly the resized photo: no retry resent it.
    expect(puts().map((r) => [r.status, r.bytes])).toEqual([[201, stored]]);
    const resize = await sari.page.evaluate(() => performance.getEntriesByName('sejawat:photo-resize').map((e) => Math.round(e.duration)));
    console.info(
      `[measure] photo ${MEASURE ? '4000x3000' : '1600x1200'} JPEG ${photo.length} B -> ${stored} B WebP 1280x960; ` +
        `resize ${resize.join(', ')} ms; pick-to-thumbnail ${resizeMs} ms; PUT body ${puts()[0]?.bytes} B`,
    );

    // Bu Rina opens the same meeting and sees the photo (downloaded from the relay).
    await rina.goToCommunity(COMMUNITY);
    await rina.openSection('Pertemuan');
    await rina.page.getByRole('link', { name: /hadir/ }).first().click();
    // It loads when it comes into view (her phone is not on data saver).
    await rina.page.locator('.attachment').first().scrollIntoViewIfNeeded();
    const seen = rina.page.getByRole('img', { name: 'Foto 1' });
    await seen.waitFor({ timeout: 30_000 });
    await expect.poll(() => seen.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1280);

    // A voice note when typing is too slow (Chromium's fake microphone).
    await sari.page.getByRole('button', { name: 'Rekam suara' }).click();
    await sari.page.getByText('Merekam… (paling lama 60 detik)').waitFor();
    await sari.page.getByRole('button', { name: 'Berhenti merekam' }).click();
    await sari.page.getByLabel('Rekaman suara 2', { exact: true }).waitFor();
    await expect.poll(() => sari.page.locator('.attachment-state').allTextContents(), { timeout: 45_000 }).toEqual(['aman di server', 'aman di server']);
    await rina.page.locator('.attachment').nth(1).scrollIntoViewIfNeeded();
    // Her phone may have asked before the upload finished: it tries again by itself.
    await rina.page.getByLabel('Rekaman suara 2', { exact: true }).waitFor({ timeout: 30_000 });

    // A photo on her journal entry goes only to her personal room.
    await sari.goHome();
    await sari.writeTodaysEntry();
    await sari.type('Kegiatan dan perilaku anak', 'Anak-anak membangun menara balok bersama.');
    await sari.page.getByLabel('Tambah foto').setInputFiles({ name: 'menara.jpg', mimeType: 'image/jpeg', buffer: photo });
    await sari.page.getByRole('img', { name: 'Foto 1' }).waitFor();
    // The same picture: the phone stores it once, and queues it for her personal room only.
    await expect.poll(() => sari.page.locator('.attachment-state').textContent(), { timeout: 45_000 }).toBe('aman di server');
    const records = await deviceRecords(sari.page);
    const personal = records.rooms.find((r) => r.kind === 'personal')!;
    const community = records.rooms.find((r) => r.kind === 'community')!;
    expect(records.outbox.filter((r) => r.hash === meetingPhoto.hash).map((r) => r.doc).sort()).toEqual([personal.doc, community.doc].sort());

    // A different photo on the entry (a corner of her classroom): only her personal room can read it.
    const other = await sari.page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 800;
      canvas.height = 600;
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#be185d';
      g.fillRect(0, 0, 800, 600);
      g.fillStyle = '#fff';
      g.fillRect(100, 100, 300, 200);
      return canvas.toDataURL('image/jpeg', 0.9).split(',')[1]!;
    });
    await sari.page.getByLabel('Tambah foto').setInputFiles({ name: 'sudut.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(other, 'base64') });
    await sari.page.getByRole('img', { name: 'Foto 2' }).waitFor();
    await expect.poll(() => sari.page.locator('.attachment-state').allTextContents(), { timeout: 45_000 }).toEqual(['aman di server', 'aman di server']);
    const after = await deviceRecords(sari.page);
    const known = new Set(records.outbox.map((r) => r.hash));
    const journalOnly = after.outbox.find((r) => !known.has(r.hash))!;
    expect(journalOnly.doc).toBe(personal.doc);
    expect(await relayGet(journalOnly.hash, personal.doc, personal.key)).toBe(200);
    expect(await relayGet(journalOnly.hash, community.doc, community.key)).toBe(404);
    expect(await relayGet(journalOnly.hash, personal.doc, community.key)).toBe(401);

    // Sharing the entry's problem takes no photo along unless she ticks it (none by default).
    await sari.type('Kesenjangan / masalah', 'Anak belum mau bergantian membaca.');
    await sari.page.getByRole('link', { name: 'Bagikan masalah ke komunitas' }).click();
    await expect.poll(() => sari.page.getByLabel('Ikut bagikan Foto 2').isChecked()).toBe(false);
    await sari.page.getByRole('button', { name: 'Bagikan', exact: true }).click();
    await sari.page.getByText('Belum ada foto atau rekaman.').waitFor();
    await sari.expectPill('Tersinkron');
    expect(await relayGet(journalOnly.hash, community.doc, community.key)).toBe(404);
  });
});
