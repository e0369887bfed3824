// `npm start`: builds the PWA when there is no build yet, then runs the relay, which serves the
// app, the API and websocket sync on one port (PORT, default 8787).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const staticDir = process.env.STATIC_DIR ?? 'dist';
if (!existsSync(join(staticDir, 'index.html'))) {
  console.log(`[start] no build in ${staticDir}/: building the app (vite build)…`);
  const build = spawnSync('npx', ['vite', 'build', '--outDir', staticDir, '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const relay = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
  stdio: 'inherit',
  env: { ...process.env, STATIC_DIR: staticDir },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => relay.kill(signal));
relay.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
