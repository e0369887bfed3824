/**
 * 7. Lighthouse 12 (mobile preset: simulated slow 4G and a 4× slower CPU) against the built app
 * served by the relay as `npm start` serves it, next to the dependency floor served the same
 * way. Lighthouse 12 no longer scores PWAs, so installability is checked in Chromium itself
 * (CDP Page.getInstallabilityErrors and the parsed manifest) once the service worker is active.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_ARGS, findChromiumPath, launchPersistentProfile } from '../lib/browser.ts';
import { getBuild, type AppKind } from '../lib/builds.ts';
import type { BenchContext } from '../lib/context.ts';
import { onCleanup } from '../lib/processes.ts';
import { startSejawatRelay, type RelayUnderTest } from '../lib/relays.ts';
import { figure, type Figure, type Section } from '../lib/result.ts';
import { median, round } from '../lib/stats.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'speed-index', 'interactive'] as const;

interface LighthouseRun {
  scores: Record<string, number>;
  metricsMs: Record<string, number>;
  /** Audits that did not pass, with their score: the to-do list. */
  failing: Array<{ id: string; title: string; score: number | null }>;
}

async function lighthouseOnce(url: string): Promise<LighthouseRun> {
  const chrome = await chromeLauncher.launch({
    chromePath: findChromiumPath(),
    chromeFlags: ['--headless=new', ...CHROMIUM_ARGS],
  });
  const unregister = onCleanup('lighthouse chromium', () => chrome.kill());
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
    if (!result) throw new Error('lighthouse returned nothing');
    const { lhr } = result;
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? Number.NaN) * 100)]));
    const metricsMs = Object.fromEntries(METRICS.map((m) => [m, lhr.audits[m]?.numericValue ?? Number.NaN]));
    const failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'manual')
      .map((a) => ({ id: a.id, title: a.title, score: a.score }));
    return { scores, metricsMs, failing };
  } finally {
    unregister();
    chrome.kill();
  }
}

interface Installability {
  errors: string[];
  manifestErrors: string[];
  serviceWorkerActive: boolean;
}

async function installability(url: string): Promise<Installability> {
  const context = await launchPersistentProfile();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    const serviceWorkerActive = await page.evaluate(async () => {
      // The app registers its service worker lazily: wait until one is activated (30 s at most).
      for (let i = 0; i < 300; i++) {
        const registrations = await navigator.serviceWorker.getRegistrations();
        if (registrations.some((r) => r.active?.state === 'activated')) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return false;
    });
    // Reloaded under the service worker's control, as the browser checks a page it controls.
    await page.reload();
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string; errorArguments: Array<{ name: string; value: string }> }>;
    };
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: Array<{ message: string; critical: number }> };
    return {
      errors: installabilityErrors.map((e) => [e.errorId, ...e.errorArguments.map((a) => `${a.name}=${a.value}`)].join(' ')),
      manifestErrors: manifest.errors.map((e) => e.message),
      serviceWorkerActive,
    };
  } finally {
    await context.close();
  }
}

export async function measureLighthouse(ctx: BenchContext): Promise<Omit<Section, 'seconds'>> {
  const [app, floor] = await Promise.all([getBuild('app', ctx.repoRoot, ctx.log), getBuild('floor', ctx.repoRoot, ctx.log)]);
  const relays: Record<AppKind, RelayUnderTest> = {
    app: await startSejawatRelay({ staticDir: app.dir }),
    floor: await startSejawatRelay({ staticDir: floor.dir }),
  };
  const runs: Record<AppKind, LighthouseRun[]> = { app: [], floor: [] };
  for (let i = 0; i < ctx.plan.lighthouse.runs; i++) {
    for (const kind of (i % 2 === 0 ? ['floor', 'app'] : ['app', 'floor']) as AppKind[]) {
      ctx.log(`lighthouse ${kind} (run ${i + 1}/${ctx.plan.lighthouse.runs})…`);
      runs[kind].push(await lighthouseOnce(`${relays[kind].url}/`));
    }
  }
  ctx.log('installability (Chromium, persistent profile)…');
  const install = { app: await installability(`${relays.app.url}/`), floor: await installability(`${relays.floor.url}/`) };

  const med = (kind: AppKind, pick: (r: LighthouseRun) => number): number => median(runs[kind].map(pick));
  const target95 = { text: '≥ 95', test: (v: number) => v >= 95 };
  const figures: Figure[] = [];
  for (const category of CATEGORIES) {
    figures.push(
      figure(`lighthouse.${category}`, `${category}`, med('app', (r) => r.scores[category] as number), 'score', {
        reference: { label: 'floor', value: med('floor', (r) => r.scores[category] as number) },
        target: target95,
        runs: runs.app.map((r) => r.scores[category] as number),
      }),
    );
  }
  for (const metric of METRICS) {
    figures.push(
      figure(`lighthouse.${metric}`, `  ${metric.replace(/-/g, ' ')}`, med('app', (r) => r.metricsMs[metric] as number), 'ms', {
        reference: { label: 'floor', value: med('floor', (r) => r.metricsMs[metric] as number) },
      }),
    );
  }
  figures.push(
    figure('pwa.installabilityErrors', 'PWA installability errors (Chromium)', install.app.errors.length + install.app.manifestErrors.length, 'count', {
      reference: { label: 'floor', value: install.floor.errors.length + install.floor.manifestErrors.length },
      target: { text: '0 (installable)', test: (v) => v === 0 },
      note: [...install.app.errors, ...install.app.manifestErrors].join('; ') || undefined,
    }),
  );
  const failing = (kind: AppKind) => {
    const seen = new Map<string, { id: string; title: string; score: number | null; runs: number }>();
    for (const r of runs[kind]) for (const f of r.failing) seen.set(f.id, { ...f, runs: (seen.get(f.id)?.runs ?? 0) + 1 });
    return [...seen.values()];
  };
  return {
    id: 'lighthouse',
    title: '7. Lighthouse 12, mobile preset (served by the relay, as npm start does)',
    figures,
    details: {
      app: { runs: runs.app.map((r) => ({ scores: r.scores, metricsMs: Object.fromEntries(Object.entries(r.metricsMs).map(([k, v]) => [k, round(v)])) })), failing: failing('app'), installability: install.app },
      floor: { runs: runs.floor.map((r) => ({ scores: r.scores })), failing: failing('floor'), installability: install.floor },
    },
  };
}
