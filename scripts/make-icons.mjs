#!/usr/bin/env node
/**
 * Draws Sejawat's icon and renders the PNGs an installable PWA needs, from one SVG source.
 *
 *   node scripts/make-icons.mjs
 *
 * Writes public/favicon.svg and public/icons/{icon-192,icon-512,maskable-512,apple-touch-icon-180}.png.
 * The PNGs are committed; run this again only when the drawing changes. Rendering uses Debian's
 * Chromium through playwright-core (CHROME_PATH overrides /usr/bin/chromium); no browser download.
 *
 * The drawing: two leaf-shaped speech bubbles that overlap, two teachers talking and growing
 * together, on a deep teal ground. Flat shapes and strong contrast, so it still reads at 48 px.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const publicDir = join(root, 'public');

const COLORS = {
  groundTop: '#12877A',
  groundBottom: '#0B5E57',
  left: '#FFF3DA', // warm cream bubble
  right: '#9EDC7E', // young-leaf green bubble
  overlap: '#4FB07A', // where the two voices meet
  vein: '#0B5E57',
};

// On a 512 grid. Each bubble is a rounded square with one sharp corner: a leaf, or a speech bubble's tail.
const LEFT_BUBBLE = 'M88 332V208A96 96 0 0 1 184 112H232A96 96 0 0 1 328 208V236A96 96 0 0 1 232 332Z';
const RIGHT_BUBBLE = 'M424 400V276A96 96 0 0 0 328 180H280A96 96 0 0 0 184 276V304A96 96 0 0 0 280 400Z';
// The leaf's midrib on the green bubble, from its sharp corner toward the middle.
const VEIN = 'M404 380C360 336 322 306 274 290';

/**
 * @param {{ fullBleed: boolean, scale: number }} options fullBleed: square ground to the edges
 *   (maskable, Apple) instead of a rounded tile; scale: size of the drawing around the centre.
 */
function iconSvg({ fullBleed, scale }) {
  const ground = fullBleed
    ? '<rect width="512" height="512" fill="url(#ground)"/>'
    : '<rect width="512" height="512" rx="112" fill="url(#ground)"/>';
  const t = (256 * (1 - scale)).toFixed(2);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">
  <title>Sejawat</title>
  <defs>
    <linearGradient id="ground" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="${COLORS.groundTop}"/>
      <stop offset="1" stop-color="${COLORS.groundBottom}"/>
    </linearGradient>
    <clipPath id="left-bubble"><path d="${LEFT_BUBBLE}"/></clipPath>
  </defs>
  ${ground}
  <g transform="translate(${t} ${t}) scale(${scale})">
    <path d="${LEFT_BUBBLE}" fill="${COLORS.left}"/>
    <path d="${RIGHT_BUBBLE}" fill="${COLORS.right}"/>
    <path d="${RIGHT_BUBBLE}" fill="${COLORS.overlap}" clip-path="url(#left-bubble)"/>
    <path d="${VEIN}" fill="none" stroke="${COLORS.vein}" stroke-width="14" stroke-linecap="round" opacity="0.55"/>
  </g>
</svg>
`;
}

// The maskable safe zone is a centred circle of 80% of the width: at 0.78 the drawing's farthest
// point stays about 172 px from the centre, inside the 204.8 px radius.
const OUTPUTS = [
  { file: 'icons/icon-192.png', size: 192, fullBleed: false, scale: 1 },
  { file: 'icons/icon-512.png', size: 512, fullBleed: false, scale: 1 },
  { file: 'icons/maskable-512.png', size: 512, fullBleed: true, scale: 0.78 },
  // iOS draws its own rounded corners and shows transparency as black: full bleed, a little margin.
  { file: 'icons/apple-touch-icon-180.png', size: 180, fullBleed: true, scale: 0.9 },
];

async function main() {
  await mkdir(join(publicDir, 'icons'), { recursive: true });
  await writeFile(join(publicDir, 'favicon.svg'), iconSvg({ fullBleed: false, scale: 1 }));

  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    for (const output of OUTPUTS) {
      const svg = iconSvg(output).replace('width="512" height="512"', `width="${output.size}" height="${output.size}"`);
      await page.setViewportSize({ width: output.size, height: output.size });
      await page.setContent(
        `<!doctype html><html><head><style>html,body{margin:0;background:transparent}svg{display:block}</style></head><body>${svg}</body></html>`,
      );
      const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: output.size, height: output.size } });
      await writeFile(join(publicDir, output.file), png);
      console.log(`wrote public/${output.file} (${output.size}×${output.size}, ${png.length} bytes)`);
    }
  } finally {
    await browser.close();
  }
}

await main();
