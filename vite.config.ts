import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const RELAY = process.env.SEJAWAT_DEV_RELAY ?? 'http://127.0.0.1:8787';

/**
 * Writes `.br` and `.gz` beside every text asset of the build, once, at maximum compression, so
 * the relay (sirv) sends compressed bytes without compressing on each request.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return {
    name: 'sejawat:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir); // outDir may be absolute (bench builds in /tmp)
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|webmanifest|json)$/.test(file) || statSync(file).size < 1024) continue;
        const content = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

export default defineConfig({
  plugins: [
    preact(),
    VitePWA({
      // A new version waits for the teacher's tap (UpdatePrompt): never a reload while she types.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon-180.png'],
      manifest: {
        name: 'Sejawat — Komunitas Belajar',
        short_name: 'Sejawat',
        description: 'Catatan harian dan diskusi komunitas belajar guru, bisa tanpa internet.',
        lang: 'id',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#f6f8f7',
        theme_color: '#0f766e',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        // The relay's own endpoints are never answered from the cache.
        navigateFallbackDenylist: [/^\/sync/, /^\/api/, /^\/healthz/],
        cleanupOutdatedCaches: true,
      },
    }),
    precompress(),
  ],
  build: { target: 'es2022', sourcemap: false },
  server: {
    proxy: {
      '/sync': { target: RELAY.replace(/^http/, 'ws'), ws: true },
      '/api': RELAY,
      '/healthz': RELAY,
    },
  },
});
