import { expect } from 'vitest';
import { SejawatPage } from './SejawatPage';

/** The communities feature as a teacher uses it: create, invite, join, norms, meetings. */
export class CommunityPage extends SejawatPage {
  async openCommunities(): Promise<void> {
    await this.page.getByRole('link', { name: 'Komunitas', exact: true }).click();
    await this.page.getByRole('heading', { name: 'Komunitas belajar saya' }).waitFor();
  }

  async createCommunity(input: { name: string; kind: string; focus: string }): Promise<void> {
    await this.openCommunities();
    await this.page.getByRole('link', { name: 'Buat komunitas' }).click();
    await this.page.getByLabel('Nama komunitas').fill(input.name);
    await this.page.getByLabel(input.kind).check();
    await this.page.getByLabel('Fokus bersama').fill(input.focus);
    await this.page.getByRole('button', { name: 'Buat komunitas' }).click();
    await this.page.getByRole('heading', { name: input.name }).waitFor();
  }

  async makeInviteCode(): Promise<string> {
    await this.page.getByRole('link', { name: 'Undang rekan' }).click();
    await this.page.getByRole('button', { name: 'Buat kode untuk dibacakan' }).click();
    const status = this.page.getByText(/^Kode undangan: /);
    await status.waitFor();
    const text = (await status.textContent()) ?? '';
    return text.replace('Kode undangan: ', '').trim();
  }

  async joinWithCode(code: string, communityName: string): Promise<void> {
    await this.openCommunities();
    await this.page.getByRole('link', { name: 'Gabung dengan kode' }).click();
    const field = this.page.getByLabel('Kode undangan');
    // Once in a clean-clone CI run (not reproduced in 6 runs since) the join screen never
    // appeared after this click. Say where the page was, then try the link once more, so a
    // repeat of it is visible in the log instead of only a timeout.
    if (!(await field.waitFor({ timeout: 15_000 }).then(() => true, () => false))) {
      console.warn(`[e2e] join screen missing after 15 s at ${this.page.url()}; headings: ${await this.page.getByRole('heading').allTextContents()}`);
      await this.openCommunities();
      await this.page.getByRole('link', { name: 'Gabung dengan kode' }).click();
    }
    await field.fill(code);
    await this.page.getByRole('button', { name: 'Gabung' }).click();
    await expect.poll(() => this.page.getByRole('heading', { name: communityName }).count(), { timeout: 30_000 }).toBe(1);
  }

  async openSection(name: string): Promise<void> {
    await this.page.getByRole('link', { name, exact: true }).click();
  }

  async goToCommunity(name: string): Promise<void> {
    await this.openCommunities();
    await this.page.getByRole('link', { name }).click();
    await this.page.getByRole('heading', { name }).waitFor();
  }

  presenceText(): Promise<string | null> {
    return this.page.locator('.presence').textContent();
  }
}
