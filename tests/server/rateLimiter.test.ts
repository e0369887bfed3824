/**
 * The per-address token bucket and whose address a request is, without a relay: a clock the test
 * moves, and requests that are only headers and a socket address.
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, rateLimitKey } from '../../sync-server/clientAddress.ts';
import { RateLimiter } from '../../sync-server/rateLimiter.ts';

function limiter(limit: number, windowMs: number, maxKeys?: number) {
  const clock = { now: 1_000_000 };
  const rl = new RateLimiter({ limit, windowMs, now: () => clock.now, ...(maxKeys === undefined ? {} : { maxKeys }) });
  return { rl, clock };
}

describe('rate limiter', () => {
  it('allows a burst of `limit`, then says how many seconds until the next one', () => {
    const { rl } = limiter(10, 60_000);
    for (let i = 0; i < 10; i++) expect(rl.take('a')).toBe(0);
    // One token comes back every 6 s.
    expect(rl.take('a')).toBe(6);
    expect(rl.take('b')).toBe(0);
  });

  it('refills smoothly: one more action per window / limit', () => {
    const { rl, clock } = limiter(10, 60_000);
    for (let i = 0; i < 10; i++) rl.take('a');
    clock.now += 5_999;
    expect(rl.take('a')).toBe(1);
    clock.now += 1;
    expect(rl.take('a')).toBe(0);
    expect(rl.take('a')).toBe(6);
  });

  it('a refund gives the token back (successes do not count), never beyond the limit', () => {
    const { rl } = limiter(2, 60_000);
    rl.take('a');
    rl.refund('a');
    rl.refund('a');
    expect(rl.take('a')).toBe(0);
    expect(rl.take('a')).toBe(0);
    expect(rl.take('a')).toBeGreaterThan(0);
  });

  it('forgets addresses whose bucket is full again, and never tracks more than maxKeys', () => {
    const { rl, clock } = limiter(3, 60_000, 100);
    for (let i = 0; i < 50; i++) rl.take(`10.0.0.${i}`);
    expect(rl.size).toBe(50);
    clock.now += 60_000;
    rl.take('10.0.1.1');
    expect(rl.size).toBe(1);
    for (let i = 0; i < 500; i++) rl.take(`10.0.2.${i}`);
    expect(rl.size).toBe(100);
  });
});

function request(remoteAddress: string, headers: Record<string, string | string[]> = {}): IncomingMessage {
  return { socket: { remoteAddress }, headers } as unknown as IncomingMessage;
}

describe('client address', () => {
  it('is the socket address; an IPv4 address seen through a dual-stack socket is plain IPv4', () => {
    expect(clientAddress(request('203.0.113.5'), false)).toBe('203.0.113.5');
    expect(clientAddress(request('::ffff:203.0.113.5'), false)).toBe('203.0.113.5');
  });

  it('ignores X-Forwarded-For unless the proxy is trusted', () => {
    expect(clientAddress(request('10.0.0.1', { 'x-forwarded-for': '198.51.100.1' }), false)).toBe('10.0.0.1');
    expect(clientAddress(request('10.0.0.1', { 'x-forwarded-for': '198.51.100.1' }), true)).toBe('198.51.100.1');
  });

  it('behind a trusted proxy takes the last forwarded address (the one the proxy added), and falls back on garbage', () => {
    expect(clientAddress(request('10.0.0.1', { 'x-forwarded-for': '1.2.3.4, 198.51.100.1' }), true)).toBe('198.51.100.1');
    expect(clientAddress(request('10.0.0.1', { 'x-forwarded-for': 'bukan-alamat' }), true)).toBe('10.0.0.1');
    expect(clientAddress(request('10.0.0.1', { 'x-forwarded-for': '' }), true)).toBe('10.0.0.1');
  });

  it('counts IPv6 per /64, IPv4 per address', () => {
    expect(rateLimitKey('203.0.113.5')).toBe('203.0.113.5');
    expect(rateLimitKey('2001:db8:1:2::a')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:0db8:0001:0002:ffff:0:0:1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });
});
