// Finds a program from a Debian package, installing the package when running as root on Debian
// (the only package source this project may use besides npm). Never downloads anything else.
// Used for Chromium (e2e), poppler-utils (PDF checks), PostgreSQL and Redis (scale-out tests).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

let updated = false;

/**
 * The first of `candidates` (absolute paths) that exists; otherwise, as root on Debian, installs
 * `pkg` with apt-get and looks again; otherwise throws an Error whose message says what to run.
 * `why` completes "… needs <pkg> (<why>)" in that message.
 */
export function ensureDebianProgram({ pkg, candidates, why }) {
  const find = () => candidates.find((path) => existsSync(path));
  const found = find();
  if (found) return found;
  if (isRoot() && existsSync('/etc/debian_version')) {
    console.log(`[setup] ${why}: installing Debian's "${pkg}" package (apt-get install -y ${pkg})…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (!updated) execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    updated = true;
    execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env });
    const installed = find();
    if (installed) return installed;
  }
  throw new Error(
    `${why} needs Debian's "${pkg}" package and it was not found (looked for ${candidates.join(', ')}).\n` +
      `  On Debian/Ubuntu run:  sudo apt-get install -y ${pkg}`,
  );
}
