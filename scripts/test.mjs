// `npm test`: typecheck, unit and server tests, then build the PWA and run the e2e tests in
// Debian's Chromium. `npm test e2e` runs only the e2e part. Ends with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './chromium.mjs';

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

try {
  if (only !== 'e2e') {
    run('typecheck', 'npm', ['run', '--silent', 'typecheck']);
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
