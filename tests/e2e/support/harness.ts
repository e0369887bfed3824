import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../support/relayProcess';
import { launchChromium, newPhone } from './browser';
import { CommunityPage } from './CommunityPage';

export interface Harness {
  /** The real relay serving the built PWA (`dist/`); replace it after a restart. */
  relay: RelayProcess;
  browser: Browser;
  /** A new phone (its own browser profile) with the app open, not yet onboarded. */
  phone(): Promise<CommunityPage>;
  /** A new phone onboarded as `name`, with its context (to take it offline or close it). */
  teacher(name: string): Promise<{ context: BrowserContext; page: CommunityPage }>;
}

/** One relay process and one Chromium for a test file, stopped when it ends. */
export function useRelayAndChromium(): Harness {
  const harness = {
    async phone() {
      const page = new CommunityPage(await (await newPhone(harness.browser)).newPage());
      await page.open(harness.relay.url);
      return page;
    },
    async teacher(name: string) {
      const context = await newPhone(harness.browser);
      const page = new CommunityPage(await context.newPage());
      await page.open(harness.relay.url);
      await page.startAs(name);
      return { context, page };
    },
  } as Harness;
  beforeAll(async () => {
    harness.relay = await startRelayProcess({ staticDir: 'dist' });
    harness.browser = await launchChromium();
  });
  afterAll(async () => {
    await harness.browser?.close();
    await harness.relay?.kill();
  });
  return harness;
}
