import { chromium, type Browser, type BrowserContext } from 'playwright-core';
// @ts-expect-error plain ESM helper shared with scripts/, no type declarations
import { CHROMIUM_ARGS, ensureChromium } from '../../../scripts/chromium.mjs';

/** Debian's Chromium, headless, without any call out of this machine. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = (process.env.CHROME_PATH ?? ensureChromium()) as string;
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS as string[] });
}

/** A phone: a fresh browser profile (its own IndexedDB and service worker) at 360×640. */
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
