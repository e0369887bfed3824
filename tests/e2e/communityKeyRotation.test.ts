import { describe, expect, it } from 'vitest';
import { useRelayAndChromium } from './support/harness';
import type { CommunityPage } from './support/CommunityPage';

const e2e = useRelayAndChromium();

const COMMUNITY = 'Komunitas TK Pertiwi';

async function teacher(name: string): Promise<CommunityPage> {
  const page = await e2e.phone();
  await page.startAs(name);
  return page;
}

describe('the facilitator changes the key after removing a member (a lost phone)', () => {
  it('members who stay keep working without re-joining; the removed member is refused', async () => {
    const sari = await teacher('Bu Sari');
    await sari.createCommunity({ name: COMMUNITY, kind: 'Dalam sekolah', focus: 'literasi awal' });
    await sari.expectPill('Tersinkron');
    const code = await sari.makeInviteCode();

    const rina = await teacher('Bu Rina');
    await rina.joinWithCode(code, COMMUNITY);
    const dewi = await teacher('Bu Dewi');
    await dewi.joinWithCode(code, COMMUNITY);
    await rina.expectPill('Tersinkron');
    await dewi.expectPill('Tersinkron');

    // The facilitator sees both, removes Bu Dewi (her phone was lost) and changes the key.
    await sari.goToCommunity(COMMUNITY);
    await sari.openSection('Anggota');
    await expect.poll(() => sari.page.getByText('Bu Dewi').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    sari.page.once('dialog', (dialog) => void dialog.accept());
    await sari.page.getByRole('button', { name: 'Keluarkan Bu Dewi' }).click();
    await sari.page.getByRole('button', { name: 'Ganti kunci komunitas' }).click();
    await sari.page.getByText('Kunci sudah diganti.').waitFor();
    await sari.expectPill('Tersinkron');

    // Bu Rina's phone picks up the new key by itself and her writing still arrives.
    await rina.openSection('Kesepakatan dan norma');
    await rina.type('Isi norma 1', ' (disepakati ulang)');
    await rina.expectPill('Tersinkron');
    await sari.goToCommunity(COMMUNITY);
    await sari.openSection('Kesepakatan dan norma');
    await expect.poll(() => sari.field('Isi norma 1').inputValue(), { timeout: 30_000 }).toContain('(disepakati ulang)');

    // Bu Dewi's phone, holding only the old key, is refused: it learnt of her removal before the
    // key changed, keeps what it had, and receives nothing written after.
    await dewi.goToCommunity(COMMUNITY);
    await dewi.expectPill('Ditolak server');
    await dewi.page.getByText('Anda tidak lagi menjadi anggota komunitas ini.').waitFor();
    await dewi.openSection('Kesepakatan dan norma');
    expect(await dewi.field('Isi norma 1').inputValue()).not.toBe('');
    expect(await dewi.field('Isi norma 1').inputValue()).not.toContain('(disepakati ulang)');
    expect(await dewi.field('Isi norma 1').getAttribute('readonly')).not.toBeNull();
  });
});
