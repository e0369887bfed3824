// `npm run dev`: the relay (restarted on change by tsx watch) and Vite's dev server with hot
// reload, which proxies /sync, /api and /healthz to the relay. The service worker is off in dev.
import { spawn } from 'node:child_process';

const relayPort = process.env.RELAY_PORT ?? '8788';
const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'sync-server/main.ts'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: relayPort, HOST: '127.0.0.1', DATA_DIR: process.env.DATA_DIR ?? 'data/dev' },
  }),
  spawn('npx', ['vite', '--host'], {
    stdio: 'inherit',
    env: { ...process.env, SEJAWAT_DEV_RELAY: `http://127.0.0.1:${relayPort}` },
  }),
];
const stop = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', () => stop());
