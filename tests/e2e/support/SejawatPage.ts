import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Where the status pill says her writing is. */
export type PillText = 'Tersimpan di HP' | 'Mengirim…' | 'Tersinkron' | 'Ditolak server';

/**
 * The app as a teacher uses it, located by role and accessible name (Bahasa Indonesia), so the
 * tests read as her day and also keep the app accessible.
 */
export class SejawatPage {
  readonly pill: Locator;

  constructor(readonly page: Page) {
    this.pill = page.locator('header .pill [role="status"]');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
  }

  async startAs(name: string): Promise<void> {
    await this.page.getByLabel('Nama Anda').fill(name);
    await this.page.getByRole('button', { name: 'Mulai' }).click();
    await expect.poll(() => this.page.getByText(`Halo, ${name}`).count()).toBe(1);
  }

  /** Waits until the service worker has installed the app shell, so it opens offline. */
  async waitUntilOfflineReady(): Promise<void> {
    await this.page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.state;
    });
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await expect.poll(() => this.page.locator('header .brand').count(), { timeout: 20_000 }).toBe(1);
  }

  async writeTodaysEntry(): Promise<void> {
    await this.page.getByRole('button', { name: 'Tulis catatan hari ini' }).click();
    await this.field('Kegiatan dan perilaku anak').waitFor();
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  async type(label: string, text: string, delay = 0): Promise<void> {
    const field = this.field(label);
    await field.click();
    await field.press('End');
    await field.pressSequentially(text, { delay });
  }

  async openEntryByPreview(preview: string): Promise<void> {
    await this.page.getByRole('link', { name: new RegExp(preview) }).click();
    await this.field('Kegiatan dan perilaku anak').waitFor();
  }

  async goHome(): Promise<void> {
    await this.page.goto(new URL('/#/', this.page.url()).toString());
  }

  async deviceLink(): Promise<string> {
    await this.goHome();
    await this.page.getByRole('link', { name: 'Hubungkan HP lain' }).click();
    const link = await this.page.getByLabel('Tautan untuk HP lain').inputValue();
    await expect.poll(() => this.page.getByRole('img', { name: 'Kode QR untuk menghubungkan HP lain' }).count()).toBe(1);
    return link;
  }

  async expectPill(text: PillText, timeout = 30_000): Promise<void> {
    await expect.poll(() => this.pill.textContent(), { timeout }).toBe(text);
  }
}
