import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** DESIGN.md: ui → domain, store, sync; sync → store, domain; store → domain; domain → yjs only. */
const ALLOWED: Record<string, string[]> = {
  domain: ['domain'],
  store: ['store', 'domain'],
  sync: ['sync', 'store', 'domain'],
  i18n: ['i18n'],
  ui: ['ui', 'domain', 'store', 'sync', 'i18n'],
};
const DOMAIN_PACKAGES = new Set(['yjs']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => (m[1] ?? m[2])!,
  );
}

describe('the layers of the app point one way', () => {
  for (const layer of Object.keys(ALLOWED)) {
    it(`src/${layer} imports only what DESIGN.md allows`, () => {
      const violations: string[] = [];
      for (const file of filesUnder(join('src', layer))) {
        for (const spec of importsOf(readFileSync(file, 'utf8'))) {
          if (spec.startsWith('.')) {
            const target = relative('src', join(file, '..', spec)).split(/[\\/]/)[0]!;
            if (!ALLOWED[layer]!.includes(target)) violations.push(`${file} → ${spec}`);
          } else if (layer === 'domain' && !DOMAIN_PACKAGES.has(spec)) {
            violations.push(`${file} → ${spec} (domain may import only yjs)`);
          }
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('the relay never imports the UI, the browser store or the sync client', () => {
    const violations = filesUnder('sync-server').flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((spec) => /src\/(ui|store|sync|i18n)\b/.test(spec))
        .map((spec) => `${file} → ${spec}`),
    );
    expect(violations).toEqual([]);
  });
});
