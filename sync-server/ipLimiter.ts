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

/**
 * Counts the different rooms each address has open at once. One websocket serves exactly one room
 * (named in its URL; nothing in the protocol can switch it), so a per-connection room limit is 1
 * by construction; this is the useful form of it: one address cannot load thousands of rooms
 * into the relay's memory through many sockets. More sockets to a room already open are free.
 */
export class IpRoomLimiter {
  private readonly open = new Map<string, Map<string, number>>();

  constructor(private readonly max: number) {}

  /** Count one more connection from `ip` to `room`; false (nothing counted) if it would be one room too many. */
  tryAdd(ip: string, room: string): boolean {
    let rooms = this.open.get(ip);
    const count = rooms?.get(room) ?? 0;
    if (count === 0 && (rooms?.size ?? 0) >= this.max) return false;
    if (rooms === undefined) this.open.set(ip, (rooms = new Map()));
    rooms.set(room, count + 1);
    return true;
  }

  remove(ip: string, room: string): void {
    const rooms = this.open.get(ip);
    const count = (rooms?.get(room) ?? 1) - 1;
    if (rooms === undefined) return;
    if (count > 0) rooms.set(room, count);
    else rooms.delete(room);
    if (rooms.size === 0) this.open.delete(ip);
  }
}
