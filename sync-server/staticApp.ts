/**
 * Serves the built PWA from STATIC_DIR with sirv, as a single-page app.
 *
 * Caching is what makes offline updates sane: the service worker, the HTML shell and the manifest
 * must be revalidated on every load (`no-cache`), or a phone keeps an old app for days; the hashed
 * files under /assets/ never change under one name, so they are cached forever.
 */
import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** How often to look for a new build (index.html's mtime) while running. */
const RESCAN_MS = 2_000;

export function createStaticHandler(staticDir: string): Handler {
  let serve: ReturnType<typeof sirv> | undefined;
  let builtAt: number | undefined;
  let checkedAt = 0;

  const refresh = (): void => {
    const now = Date.now();
    if (serve !== undefined && now - checkedAt < RESCAN_MS) return;
    checkedAt = now;
    const index = statSync(join(staticDir, 'index.html'), { throwIfNoEntry: false });
    if (index === undefined) {
      serve = undefined;
      builtAt = undefined;
    } else if (index.mtimeMs !== builtAt) {
      // sirv lists the directory once; a rebuild (new hashed names) needs a new instance.
      // gzip/brotli: serve the .gz/.br siblings the build writes (vite.config.ts `precompress`):
      // on a 400 kbit/s phone the first visit moves a third of the bytes.
      serve = sirv(staticDir, { single: true, etag: true, dev: false, gzip: true, brotli: true, setHeaders });
      builtAt = index.mtimeMs;
    }
  };

  return (req, res) => {
    refresh();
    if (serve === undefined) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('The app is not built: run `npm run build` (or `npm start`, which builds it first).\n');
      return;
    }
    serve(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
    });
  };
}

function setHeaders(res: ServerResponse, pathname: string): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // With `single`, an unknown route is answered with index.html under the requested pathname.
  // sirv never falls back for a path with a file extension, so "/assets/<name>.<ext>" that was
  // found is the real hashed file, and "/assets/whatever" without one may be the HTML shell.
  const hashedAsset = pathname.startsWith('/assets/') && /\.[A-Za-z0-9]+$/.test(pathname);
  res.setHeader('Cache-Control', hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
}
