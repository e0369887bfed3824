import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULTS, parseConfig } from '../../sync-server/config.ts';
import { startRelayProcess } from '../support/relayProcess.ts';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    parseConfig(env, '/srv/sejawat');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('configuration from the environment', () => {
  it('nothing set gives the documented defaults', () => {
    expect(parseConfig({}, '/srv/sejawat')).toEqual({
      port: 8787,
      host: '0.0.0.0',
      dataDir: '/srv/sejawat/data',
      staticDir: '/srv/sejawat/dist',
      maxMessageBytes: 8 * 1024 * 1024,
      maxConnectionsPerIp: 1000,
      maxRoomsPerIp: 500,
      maxLoadedRoomsBytes: 256 * 1024 * 1024,
      roomIdleMs: 30_000,
      compactAfterUpdates: 200,
      tls: undefined,
    });
    expect(DEFAULTS.PORT).toBe(8787);
  });

  it('reads every variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sejawat-tls-'));
    writeFileSync(join(dir, 'cert.pem'), 'x');
    writeFileSync(join(dir, 'key.pem'), 'x');
    const config = parseConfig(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: '/var/lib/sejawat',
        STATIC_DIR: 'build',
        MAX_MESSAGE_BYTES: '2048',
        MAX_CONNECTIONS_PER_IP: '5',
        MAX_ROOMS_PER_IP: '3',
        MAX_LOADED_ROOMS_BYTES: '65536',
        ROOM_IDLE_MS: '0',
        COMPACT_AFTER_UPDATES: '50',
        TLS_CERT: join(dir, 'cert.pem'),
        TLS_KEY: join(dir, 'key.pem'),
      },
      '/srv/sejawat',
    );
    expect(config).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      dataDir: '/var/lib/sejawat',
      staticDir: '/srv/sejawat/build',
      maxMessageBytes: 2048,
      maxConnectionsPerIp: 5,
      maxRoomsPerIp: 3,
      maxLoadedRoomsBytes: 65536,
      roomIdleMs: 0,
      compactAfterUpdates: 50,
      tls: { certPath: join(dir, 'cert.pem'), keyPath: join(dir, 'key.pem') },
    });
  });

  it('an empty variable counts as unset', () => {
    expect(parseConfig({ PORT: '', HOST: ' ' }, '/x')).toMatchObject({ port: 8787, host: '0.0.0.0' });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['MAX_MESSAGE_BYTES', '1e6'],
    ['MAX_MESSAGE_BYTES', '0x100000'],
    ['MAX_MESSAGE_BYTES', '10'],
    ['MAX_CONNECTIONS_PER_IP', '0'],
    ['MAX_ROOMS_PER_IP', '0'],
    ['MAX_LOADED_ROOMS_BYTES', '100'],
    ['ROOM_IDLE_MS', 'soon'],
    ['COMPACT_AFTER_UPDATES', '1'],
    ['HOST', 'bad host!'],
    ['TLS_CERT', '/nonexistent/cert.pem'],
  ])('%s=%s is refused with a message naming the variable', (name, value) => {
    const problems = problemsOf({ [name]: value, ...(name === 'TLS_CERT' ? { TLS_KEY: '/nonexistent/key.pem' } : {}) });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toContain(name);
  });

  it('TLS_CERT without TLS_KEY is refused', () => {
    expect(problemsOf({ TLS_CERT: '/etc/cert.pem' })).toEqual([expect.stringContaining('TLS_CERT and TLS_KEY must be set together')]);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ PORT: 'x', ROOM_IDLE_MS: 'y' })).toHaveLength(2);
  });

  it('the relay refuses to start on a bad value: exit 1 and a clear message', async () => {
    const failure = await startRelayProcess({ env: { MAX_MESSAGE_BYTES: 'lots' } }).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(failure?.message).toContain('exited (code 1) before listening');
    expect(failure?.message).toContain('MAX_MESSAGE_BYTES must be a whole number');
  });
});
