// Finds Debian's Chromium for the e2e tests and benchmarks; never downloads a browser.
import { existsSync } from 'node:fs';
import { ensureDebianProgram } from './debianPackage.mjs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];

/** Flags that keep headless Chromium from calling out of this machine's closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  // A fake microphone and camera that need no permission prompt (voice notes in e2e tests).
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

export function findChromium() {
  if (process.env.CHROME_PATH) {
    if (existsSync(process.env.CHROME_PATH)) return process.env.CHROME_PATH;
    throw new Error(`CHROME_PATH=${process.env.CHROME_PATH} does not exist.`);
  }
  return CANDIDATES.find((path) => existsSync(path));
}

/** Locates Chromium, installing Debian's package when running as root on Debian. */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  try {
    return ensureDebianProgram({ pkg: 'chromium', candidates: CANDIDATES, why: 'The end-to-end tests' });
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : error}\n` +
        '  Or point to an existing Chromium/Chrome binary:  CHROME_PATH=/path/to/chromium npm test',
    );
  }
}
