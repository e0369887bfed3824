import { describe, expect, it } from 'vitest';
import { newPhone } from './support/browser';
import { useRelayAndChromium } from './support/harness';
import { CommunityPage } from './support/CommunityPage';
import { containsInOrder } from './support/text';

const e2e = useRelayAndChromium();

const COMMUNITY = 'KKG PAUD Gugus Melati';

/** Both type into one field at the same time; both phones end with the same text holding all of it. */
async function typeTogether(a: CommunityPage, b: CommunityPage, label: string, fromA: string, fromB: string) {
  const before = await a.field(label).inputValue();
  await Promise.all([a.type(label, fromA, 10), b.type(label, fromB, 10)]);
  await expect
    .poll(async () => {
      const [x, y] = await Promise.all([a.field(label).inputValue(), b.field(label).inputValue()]);
      return x === y ? x.length : -1;
    }, { timeout: 30_000 })
    .toBe(before.length + fromA.length + fromB.length);
  const merged = await a.field(label).inputValue();
  expect(containsInOrder(merged, fromA)).toBe(true);
  expect(containsInOrder(merged, fromB)).toBe(true);
}

describe('a komunitas belajar formed offline and run together', () => {
  it('a facilitator creates it offline, a colleague joins by code, they co-edit norms and minutes, and offline attendance arrives later', async () => {
    const phoneA = await newPhone(e2e.browser);
    const sari = new CommunityPage(await phoneA.newPage());
    await sari.open(e2e.relay.url);
    await sari.startAs('Bu Sari');
    await sari.waitUntilOfflineReady();

    // Created with no network at all; it waits on the phone.
    await phoneA.setOffline(true);
    await sari.reload();
    await sari.createCommunity({ name: COMMUNITY, kind: 'Antar sekolah (gugus PAUD, KKG, MGMP)', focus: 'pembelajaran berbasis bermain' });
    await sari.expectPill('Tersimpan di HP');

    // Back online: it reaches the relay, and she reads a code aloud.
    await phoneA.setOffline(false);
    await sari.expectPill('Tersinkron');
    const code = await sari.makeInviteCode();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const phoneB = await newPhone(e2e.browser);
    const rina = new CommunityPage(await phoneB.newPage());
    await rina.open(e2e.relay.url);
    await rina.startAs('Bu Rina');
    await rina.joinWithCode(code.toLowerCase(), COMMUNITY);

    // Norms: seeded from the seeds, edited by both at once, converging; presence shows both.
    await sari.goToCommunity(COMMUNITY);
    await sari.openSection('Kesepakatan dan norma');
    await rina.openSection('Kesepakatan dan norma');
    expect(await sari.field('Judul norma 1').inputValue()).not.toBe('');
    await expect.poll(() => sari.presenceText(), { timeout: 15_000 }).toContain('Bu Rina');
    await expect.poll(() => rina.presenceText(), { timeout: 15_000 }).toContain('Bu Sari');
    await typeTogether(sari, rina, 'Isi norma 1', ' [SARI]', ' [rina]');

    // A meeting: minutes written by both at the same time.
    await sari.goToCommunity(COMMUNITY);
    await sari.openSection('Pertemuan');
    await sari.page.getByRole('button', { name: 'Mulai pertemuan hari ini' }).click();
    await sari.field('Notulen').waitFor();
    await rina.goToCommunity(COMMUNITY);
    await rina.openSection('Pertemuan');
    await rina.page.getByRole('link', { name: /hadir/ }).first().click();
    await rina.field('Notulen').waitFor();
    await expect.poll(() => sari.presenceText(), { timeout: 15_000 }).toContain('Bu Rina');
    await typeTogether(sari, rina, 'Notulen', 'Sari: rencana sudut balok. ', 'Rina: jadwal giliran. ');

    // Bu Rina, offline, marks herself present; it arrives when she is back.
    await phoneB.setOffline(true);
    await rina.page.getByRole('button', { name: 'Saya hadir' }).click();
    await rina.expectPill('Tersimpan di HP');
    expect(await sari.page.getByLabel('Bu Rina hadir').isChecked()).toBe(false);
    await phoneB.setOffline(false);
    await expect.poll(() => sari.page.getByLabel('Bu Rina hadir').isChecked(), { timeout: 30_000 }).toBe(true);
    await rina.expectPill('Tersinkron');

    await phoneA.close();
    await phoneB.close();
  });
});
