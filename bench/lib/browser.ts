/** Debian's Chromium, headless, for the cold-start and installability measurements. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
// @ts-expect-error plain ESM helper shared with scripts/ and the e2e tests, no type declarations
import { CHROMIUM_ARGS as SHARED_ARGS, ensureChromium } from '../../scripts/chromium.mjs';
import { onCleanup, removeAtCleanup } from './processes.ts';

/** Flags that keep headless Chromium from calling out of this machine (scripts/chromium.mjs). */
export const CHROMIUM_ARGS = SHARED_ARGS as string[];

export function findChromiumPath(): string {
  return (process.env.CHROME_PATH ?? ensureChromium()) as string;
}

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: findChromiumPath(), headless: true, args: CHROMIUM_ARGS });
  onCleanup('chromium', () => browser.close());
  return browser;
}

/**
 * A persistent profile (not an incognito context): Chromium reports every page of an incognito
 * profile as not installable, so the installability check needs a real one.
 */
export async function launchPersistentProfile(): Promise<BrowserContext> {
  const dir = mkdtempSync(join(tmpdir(), 'sejawat-bench-profile-'));
  removeAtCleanup(dir);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: findChromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 360, height: 640 },
  });
  onCleanup('chromium profile', () => context.close());
  return context;
}

/** A phone: a fresh profile (own IndexedDB and service worker) at 360×640, like tests/e2e. */
export function newPhone(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'id-ID',
    serviceWorkers: 'allow',
  });
}

/** The cheap phone on a bad network: 4× CPU slowdown, 400 kbit/s both ways, 400 ms RTT. */
export const SLOW_PHONE = { cpuRate: 4, kbps: 400, rttMs: 400 } as const;

export async function throttle(page: Page, offline = false): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_PHONE.cpuRate });
  await cdp.send('Network.enable');
  const bytesPerSecond = (SLOW_PHONE.kbps * 1000) / 8;
  await cdp.send('Network.emulateNetworkConditions', {
    offline,
    latency: SLOW_PHONE.rttMs,
    downloadThroughput: bytesPerSecond,
    uploadThroughput: bytesPerSecond,
  });
  return cdp;
}
