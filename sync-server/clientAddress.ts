/**
 * Whose request is this? The address per-address limits count against (websocket connections,
 * invite creation, failed code attempts).
 *
 * `X-Forwarded-For` is honoured only with TRUST_PROXY=1: without a proxy in front, any client could
 * write any address there and escape every limit. Behind a proxy we take the header's *last*
 * address, the one our proxy appended; earlier ones were written by the client and prove nothing.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    // Node joins repeated X-Forwarded-For headers with ", ".
    const raw = Array.isArray(header) ? header.join(',') : header;
    const last = raw
      ?.split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .at(-1);
    if (last !== undefined && isIP(last) !== 0) return normalise(last);
  }
  return normalise(req.socket.remoteAddress ?? 'unknown');
}

/**
 * The key a rate limit counts under: an IPv4 address, or the /64 prefix of an IPv6 one (one phone
 * or one home gets a whole /64, so counting single IPv6 addresses would limit nothing).
 */
export function rateLimitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** `::ffff:192.0.2.1` (IPv4 seen by a dual-stack socket) is `192.0.2.1`. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? (mapped[1] as string) : address.toLowerCase();
}

/** The eight 16-bit groups of a valid IPv6 address, as lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  const split = (part: string): string[] => {
    if (part === '') return [];
    const groups = part.split(':');
    const last = groups.at(-1) as string;
    // A trailing embedded IPv4 address (`64:ff9b::192.0.2.1`) is two groups.
    if (last.includes('.')) {
      const [a, b, c, d] = last.split('.').map(Number) as [number, number, number, number];
      groups.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
    }
    return groups;
  };
  const withoutZone = address.split('%')[0] as string;
  const gap = withoutZone.indexOf('::');
  let groups: string[];
  if (gap < 0) {
    groups = split(withoutZone);
  } else {
    const head = split(withoutZone.slice(0, gap));
    const tail = split(withoutZone.slice(gap + 2));
    groups = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  }
  return groups.map((group) => parseInt(group, 16).toString(16));
}
