import { describe, expect, it } from 'vitest';
import { newPhone } from './support/browser';
import { useRelayAndChromium } from './support/harness';
import { SejawatPage } from './support/SejawatPage';

const e2e = useRelayAndChromium();

describe('a teacher writes her journal offline and loses nothing', () => {
  it('keeps every word offline across reloads, syncs when online, survives a relay crash and reaches her second phone', async () => {
    const firstPhone = await newPhone(e2e.browser);
    const sari = new SejawatPage(await firstPhone.newPage());
    await sari.open(e2e.relay.url);
    await sari.startAs('Bu Sari');
    await sari.expectPill('Tersinkron');
    await sari.waitUntilOfflineReady();

    // Airplane mode, app closed and reopened: the service worker serves it, her name is there.
    await firstPhone.setOffline(true);
    await sari.reload();
    await expect.poll(() => sari.page.getByText('Halo, Bu Sari').count()).toBe(1);

    await sari.writeTodaysEntry();
    await sari.type('Kelas / kelompok', 'Kelompok B1');
    await sari.type('Kegiatan dan perilaku anak', 'Anak-anak berebut balok saat bermain peran.');
    await sari.type('Apa yang seharusnya terjadi', 'Anak bergiliran dan berbagi balok.');
    await sari.type('Kesenjangan / masalah', 'Anak belum mau menunggu giliran.');
    await sari.expectPill('Tersimpan di HP');

    await sari.reload();
    expect(await sari.field('Kegiatan dan perilaku anak').inputValue()).toBe(
      'Anak-anak berebut balok saat bermain peran.',
    );
    expect(await sari.field('Kesenjangan / masalah').inputValue()).toBe('Anak belum mau menunggu giliran.');
    await sari.expectPill('Tersimpan di HP');

    // Back on Wi-Fi: it reaches the relay by itself, and the pill says so only once stored.
    await firstPhone.setOffline(false);
    await sari.expectPill('Tersinkron');

    // The relay crashes and comes back: what it acknowledged is on its disk.
    await e2e.relay.kill('SIGKILL');
    e2e.relay = await e2e.relay.restart();

    const link = await sari.deviceLink();
    expect(link).toMatch(/#\/link\?d=p-[A-Za-z0-9_-]+&k=[A-Za-z0-9_-]+$/);

    const secondPhone = await newPhone(e2e.browser);
    const second = new SejawatPage(await secondPhone.newPage());
    await second.open(link);
    await expect.poll(() => second.page.getByText('Halo, Bu Sari').count(), { timeout: 30_000 }).toBe(1);
    await second.openEntryByPreview('Anak belum mau menunggu giliran');
    expect(await second.field('Apa yang seharusnya terjadi').inputValue()).toBe('Anak bergiliran dan berbagi balok.');

    // Edits on either phone merge.
    await sari.goHome();
    await sari.openEntryByPreview('Anak belum mau menunggu giliran');
    await second.type('Tindakan saya', 'Saya memberi contoh menunggu giliran.');
    await expect
      .poll(() => sari.field('Tindakan saya').inputValue(), { timeout: 30_000 })
      .toBe('Saya memberi contoh menunggu giliran.');
    await second.expectPill('Tersinkron');

    await firstPhone.close();
    await secondPhone.close();
  });
});
