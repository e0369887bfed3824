/**
 * Counts open websocket connections per remote address, so one misbehaving device (or script)
 * cannot take every file descriptor. Behind a reverse proxy every client shares the proxy's
 * address: raise MAX_CONNECTIONS_PER_IP there (see sync-server/README.md).
 */
export class IpLimiter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Count one more connection from `ip`; false (and nothing counted) if it is at the limit. */
  tryAdd(ip: string): boolean {
    const count = this.counts.get(ip) ?? 0;
    if (count >= this.max) return false;
    this.counts.set(ip, count + 1);
    return true;
  }

  remove(ip: string): void {
    const count = (this.counts.get(ip) ?? 1) - 1;
    if (count > 0) this.counts.set(ip, count);
    else this.counts.delete(ip);
  }
}
