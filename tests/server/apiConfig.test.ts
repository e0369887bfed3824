/**
 * The API's limits and proxy trust from the environment (sync-server/config.ts).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseApiConfig, parseRelayConfig } from '../../sync-server/config.ts';
import { startRelayProcess } from '../support/relayProcess.ts';

describe('API configuration from the environment', () => {
  it('nothing set gives the documented defaults: no proxy trusted, 50 invites per room, 30 per hour, 10 failures per minute, 2 MiB attachments, 600 uploads per hour', () => {
    expect(parseApiConfig({})).toEqual({
      trustProxy: false,
      maxActiveInvitesPerRoom: 50,
      inviteCreatesPerHour: 30,
      failedAttemptsPerMinute: 10,
      maxBlobBytes: 2 * 1024 * 1024,
      blobUploadsPerHour: 600,
    });
  });

  it('reads every variable', () => {
    expect(
      parseApiConfig({
        TRUST_PROXY: '1',
        MAX_ACTIVE_INVITES_PER_ROOM: '5',
        INVITE_CREATES_PER_HOUR: '7',
        FAILED_ATTEMPTS_PER_MINUTE: '3',
        MAX_BLOB_BYTES: '4096',
        BLOB_UPLOADS_PER_HOUR: '9',
      }),
    ).toEqual({ trustProxy: true, maxActiveInvitesPerRoom: 5, inviteCreatesPerHour: 7, failedAttemptsPerMinute: 3, maxBlobBytes: 4096, blobUploadsPerHour: 9 });
    expect(parseApiConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
  });

  it.each([
    ['TRUST_PROXY', 'yes'],
    ['TRUST_PROXY', 'true'],
    ['MAX_ACTIVE_INVITES_PER_ROOM', '0'],
    ['INVITE_CREATES_PER_HOUR', 'banyak'],
    ['FAILED_ATTEMPTS_PER_MINUTE', '1e3'],
    ['MAX_BLOB_BYTES', '2MB'],
    ['MAX_BLOB_BYTES', '10'],
  ])('%s=%s is refused with a message naming the variable', (name, value) => {
    expect(() => parseApiConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseApiConfig({ [name]: value })).toThrow(name);
  });

  it('problems in both groups are reported at once', () => {
    try {
      parseRelayConfig({ PORT: 'x', TRUST_PROXY: 'x' }, '/srv');
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toHaveLength(2);
    }
  });

  it('the relay refuses to start with TRUST_PROXY=yes: exit 1 and a clear message', async () => {
    const failure = await startRelayProcess({ env: { TRUST_PROXY: 'yes' } }).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(failure?.message).toContain('exited (code 1) before listening');
    expect(failure?.message).toContain('TRUST_PROXY must be 0 or 1');
  });
});
