/**
 * The HTTP `upgrade` handler: decides, for each websocket request, whether it becomes a
 * Connection. Refusals are accept-then-close with a named close code, because a browser's
 * WebSocket reports only "failed" for a refused handshake, while a close code tells the client
 * (and y-websocket's shouldReconnect: 4400-4499 = stop retrying) what went wrong.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { CloseCode } from '../src/domain/protocol.ts';
import { clientAddress } from './clientAddress.ts';
import { Connection, type ConnectionOptions } from './connection.ts';
import type { IpLimiter, IpRoomLimiter } from './ipLimiter.ts';
import { errorFields, type Logger } from './log.ts';
import type { Rooms } from './Rooms.ts';
import { parseSyncTarget } from './syncUrl.ts';

export interface UpgradeDeps {
  readonly wss: WebSocketServer;
  readonly rooms: Rooms;
  readonly ipLimiter: IpLimiter;
  readonly ipRoomLimiter: IpRoomLimiter;
  /** Count connections by X-Forwarded-For (TRUST_PROXY=1, clientAddress.ts). */
  readonly trustProxy: boolean;
  readonly connections: Set<Connection>;
  readonly connectionOptions: ConnectionOptions;
  readonly log: Logger;
  readonly isShuttingDown: () => boolean;
}

export function createUpgradeHandler(deps: UpgradeDeps) {
  const { wss, rooms, ipLimiter, ipRoomLimiter, connections, log } = deps;

  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A reset TCP connection during the handshake emits 'error'; unhandled, it would end Node.
    socket.on('error', (err) => log.debug('socket error during upgrade', errorFields(err)));
    const target = parseSyncTarget(req.url ?? '/');
    if (target.kind === 'not-sync') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (deps.isShuttingDown()) return refuse(ws, CloseCode.SHUTTING_DOWN);
      if (target.kind === 'bad-request') {
        // The reason only: the URL carries the key, so it is never logged.
        log.warn('connection refused', { reason: target.reason });
        return refuse(ws, CloseCode.BAD_REQUEST);
      }
      const ip = clientAddress(req, deps.trustProxy);
      if (!ipLimiter.tryAdd(ip)) {
        log.warn('connection refused', { reason: 'too-many-connections', doc: target.doc });
        return refuse(ws, CloseCode.TOO_MANY_CONNECTIONS);
      }
      if (!ipRoomLimiter.tryAdd(ip, target.doc)) {
        ipLimiter.remove(ip);
        log.warn('connection refused', { reason: 'too-many-rooms', doc: target.doc });
        return refuse(ws, CloseCode.TOO_MANY_ROOMS);
      }
      const conn = new Connection(ws, target.doc, ip, deps.connectionOptions);
      connections.add(conn);
      conn.onClose(() => {
        connections.delete(conn);
        ipLimiter.remove(ip);
        ipRoomLimiter.remove(ip, target.doc);
      });
      log.debug('connection opened', { conn: conn.id, doc: conn.doc });
      void rooms.join(conn, target.key);
    });
  };
}

function refuse(ws: WebSocket, code: CloseCode): void {
  ws.on('error', () => {});
  ws.close(code.code, code.reason);
}
