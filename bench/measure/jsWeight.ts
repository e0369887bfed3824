/**
 * 1. JavaScript weight: the app's JS and CSS (raw, gzip, brotli) and the first screen's JS,
 * against the dependency floor (bench/floor) built in the same run with the same plugins.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { addSizes, sizesOf, ZERO_SIZES, type Sizes } from '../lib/compress.ts';
import { getBuild, listFiles, type Build } from '../lib/builds.ts';
import type { BenchContext } from '../lib/context.ts';
import { figure, type Section } from '../lib/result.ts';

export interface BuildWeight {
  js: Sizes;
  css: Sizes;
  firstScreenJs: Sizes;
  firstScreenCss: Sizes;
  firstScreenFiles: string[];
  lazyJs: Sizes;
  serviceWorker: Sizes;
  files: Record<string, Sizes>;
  /** Raw bytes of the first screen's JS per package or folder, largest first. */
  firstScreenByPackage: Array<{ name: string; raw: number; gzipEstimate: number }>;
}

/** Files a page loads before it runs: its module scripts, modulepreloads and their static imports. */
function eagerFiles(dir: string): { js: string[]; css: string[] } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const js = new Set<string>();
  const css = new Set<string>();
  const local = (url: string): string => join(dir, url.replace(/^\//, ''));
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) js.add(local(m[1] as string));
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) js.add(local(m[1] as string));
  for (const m of html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)) css.add(local(m[1] as string));
  // Static imports between chunks load eagerly too (dynamic `import()` does not).
  const queue = [...js];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (!existsSync(file)) continue;
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      const target = resolve(join(file, '..'), m[1] as string);
      if (!js.has(target)) {
        js.add(target);
        queue.push(target);
      }
    }
  }
  return { js: [...js], css: [...css] };
}

export function weigh(build: Build): BuildWeight {
  const files: Record<string, Sizes> = {};
  let js = ZERO_SIZES;
  let css = ZERO_SIZES;
  let serviceWorker = ZERO_SIZES;
  for (const file of listFiles(build.dir)) {
    const rel = relative(build.dir, file);
    if (!/\.(js|css)$/.test(rel)) continue;
    const sizes = sizesOf(readFileSync(file));
    files[rel] = sizes;
    const isServiceWorker = !rel.includes('/') && (rel === 'sw.js' || /^workbox-[\w-]+\.js$/.test(basename(rel)));
    if (isServiceWorker) serviceWorker = addSizes(serviceWorker, sizes);
    else if (rel.endsWith('.js')) js = addSizes(js, sizes);
    else css = addSizes(css, sizes);
  }
  const eager = eagerFiles(build.dir);
  const firstScreenFiles = eager.js.map((f) => relative(build.dir, f)).filter((f) => files[f]);
  const firstScreenJs = firstScreenFiles.reduce((acc, f) => addSizes(acc, files[f] as Sizes), ZERO_SIZES);
  const firstScreenCss = eager.css.map((f) => relative(build.dir, f)).reduce((acc, f) => addSizes(acc, files[f] ?? ZERO_SIZES), ZERO_SIZES);

  const byPackage = new Map<string, number>();
  for (const f of firstScreenFiles) for (const [name, raw] of Object.entries(build.attribution[f] ?? {})) byPackage.set(name, (byPackage.get(name) ?? 0) + raw);
  const attributedRaw = [...byPackage.values()].reduce((a, b) => a + b, 0) || 1;
  const firstScreenByPackage = [...byPackage.entries()]
    .map(([name, raw]) => ({ name, raw, gzipEstimate: Math.round((raw / attributedRaw) * firstScreenJs.gzip) }))
    .sort((a, b) => b.raw - a.raw);

  return {
    js,
    css,
    firstScreenJs,
    firstScreenCss,
    firstScreenFiles,
    lazyJs: { raw: js.raw - firstScreenJs.raw, gzip: js.gzip - firstScreenJs.gzip, brotli: js.brotli - firstScreenJs.brotli },
    serviceWorker,
    files,
    firstScreenByPackage,
  };
}

const kB = (bytes: number): number => bytes / 1000;

export async function measureJsWeight(ctx: BenchContext): Promise<Omit<Section, 'seconds'>> {
  const [app, floor] = await Promise.all([getBuild('app', ctx.repoRoot, ctx.log), getBuild('floor', ctx.repoRoot, ctx.log)]);
  const a = weigh(app);
  const f = weigh(floor);
  const ref = (label: string, value: number) => ({ label: `floor ${label}`, value: kB(value) });
  const total = (w: BuildWeight, k: keyof Sizes): number => w.js[k] + w.css[k];
  const figures = [
    figure('js.total.gzip', 'JS + CSS, gzip (all chunks)', kB(total(a, 'gzip')), 'kB', {
      reference: ref('JS + CSS gzip', total(f, 'gzip')),
      target: { text: '≤ 1.3× floor', test: (_v, r) => r !== null && r <= 1.3 },
    }),
    figure('js.total.brotli', 'JS + CSS, brotli', kB(total(a, 'brotli')), 'kB', { reference: ref('brotli', total(f, 'brotli')) }),
    figure('js.total.raw', 'JS + CSS, raw', kB(total(a, 'raw')), 'kB', { reference: ref('raw', total(f, 'raw')) }),
    figure('js.js.gzip', 'JS only, gzip', kB(a.js.gzip), 'kB', { reference: ref('JS gzip', f.js.gzip) }),
    figure('js.css.gzip', 'CSS, gzip', kB(a.css.gzip), 'kB', { reference: ref('CSS gzip', f.css.gzip) }),
    figure('js.firstScreen.gzip', 'first-screen JS, gzip', kB(a.firstScreenJs.gzip), 'kB', {
      reference: ref('first-screen JS gzip', f.firstScreenJs.gzip),
      target: { text: '≤ 100 kB', test: (v) => v <= 100 },
    }),
    figure('js.firstScreen.brotli', 'first-screen JS, brotli', kB(a.firstScreenJs.brotli), 'kB', { reference: ref('brotli', f.firstScreenJs.brotli) }),
    figure('js.firstScreen.raw', 'first-screen JS, raw', kB(a.firstScreenJs.raw), 'kB', { reference: ref('raw', f.firstScreenJs.raw) }),
    figure('js.lazy.gzip', 'lazy JS (loaded later), gzip', kB(a.lazyJs.gzip), 'kB', { reference: ref('lazy gzip', f.lazyJs.gzip) }),
    figure('js.sw.gzip', 'service worker JS, gzip', kB(a.serviceWorker.gzip), 'kB', { reference: ref('service worker gzip', f.serviceWorker.gzip) }),
  ];
  const top = (w: BuildWeight) => w.firstScreenByPackage.slice(0, 15);
  return {
    id: 'jsWeight',
    title: '1. JavaScript weight (vite build, same run)',
    figures,
    details: {
      app: { ...a, firstScreenByPackage: top(a), buildSeconds: app.seconds },
      floor: { ...f, firstScreenByPackage: top(f), buildSeconds: floor.seconds },
    },
  };
}
