/**
 * Expired invites are purged at start and then every hour. At expiry an invite's room key is
 * forgotten (the key is the one thing in it worth stealing); the row itself is kept a week longer,
 * so a teacher who types an old code hears "expired" rather than "not found".
 */
import { errorFields, type Logger } from './log.ts';
import type { Storage } from './storage/Storage.ts';

export const INVITE_PURGE_INTERVAL_MS = 3_600_000;
/** How long an expired invite is kept, without its key, to answer 410 instead of 404. */
export const EXPIRED_INVITE_KEPT_MS = 7 * 24 * 3_600_000;

export interface InvitePurge {
  /** Stop the timer and wait for a purge in progress (before storage is closed). */
  stop(): Promise<void>;
}

export function startInvitePurge(options: {
  storage: Storage;
  log: Logger;
  now: () => number;
  intervalMs?: number;
}): InvitePurge {
  const { storage, log, now } = options;
  let running: Promise<void> = Promise.resolve();
  const purge = (): void => {
    running = running.then(async () => {
      const at = now();
      try {
        const { forgotten, deleted } = await storage.purgeInvites(at, at - EXPIRED_INVITE_KEPT_MS);
        if (forgotten > 0 || deleted > 0) log.info('expired invites purged', { forgotten, deleted });
      } catch (err) {
        // Nothing is lost: expired invites are refused anyway; the next run tries again.
        log.error('purging expired invites failed', errorFields(err));
      }
    });
  };
  purge();
  const timer = setInterval(purge, options.intervalMs ?? INVITE_PURGE_INTERVAL_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
