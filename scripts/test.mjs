// `npm test`: typecheck, unit and server tests, then build the PWA and run the e2e tests in
// Debian's Chromium. `npm test e2e` runs only the e2e part. Ends with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './chromium.mjs';
import { ensureDebianProgram } from './debianPackage.mjs';

const only = process.argv[2];
const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

function run(label, command, args, env = {}) {
  console.log(`\n[test] ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) ok = false;
  return result.status === 0;
}

function vitest(label, projects, env) {
  const out = `.vitest-results.json`;
  rmSync(out, { force: true });
  const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p])];
  args.push('--reporter=default', '--reporter=json', `--outputFile.json=${out}`);
  run(label, 'npx', args, env);
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += report.numFailedTests ?? 0;
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    if ((report.numTotalTests ?? 0) === 0) {
      console.error(`[test] ${label}: no tests ran`);
      ok = false;
    }
  } else {
    ok = false;
  }
}

/**
 * The scale-out server tests start their own PostgreSQL and Redis (tests/support/services.ts);
 * install Debian's packages here, once, before vitest runs files in parallel. If that fails the
 * tests that need them fail with the same message: they are never skipped.
 */
function ensureServerServices() {
  const services = [
    { pkg: 'postgresql', candidates: ['15', '16', '17'].map((v) => `/usr/lib/postgresql/${v}/bin/initdb`), why: 'The PostgreSQL storage tests' },
    { pkg: 'redis-server', candidates: ['/usr/bin/redis-server'], why: 'The cross-relay fan-out tests' },
  ];
  for (const service of services) {
    try {
      ensureDebianProgram(service);
    } catch (error) {
      console.error(`[test] ${error instanceof Error ? error.message : error}`);
    }
  }
}

try {
  if (only !== 'e2e') {
    run('typecheck', 'npm', ['run', '--silent', 'typecheck']);
    ensureServerServices();
    vitest('unit + server', ['unit', 'server']);
  }
  const chromium = ensureChromium();
  if (run('build', 'npx', ['vite', 'build', '--logLevel', 'warn'])) {
    vitest('e2e', ['e2e'], { CHROME_PATH: chromium });
  }
} catch (error) {
  console.error(`\n[test] ${error instanceof Error ? error.message : error}`);
  ok = false;
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
