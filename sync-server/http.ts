/**
 * Plain HTTP on the relay's port: health check, the (future) JSON API, and the PWA itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SYNC_PATH } from '../src/domain/protocol.ts';
import { errorFields, type Logger } from './log.ts';

export interface RelayStats {
  readonly rooms: number;
  readonly connections: number;
  readonly pendingWrites: number;
}

export interface HttpDeps {
  readonly stats: () => RelayStats;
  readonly serveStatic: (req: IncomingMessage, res: ServerResponse) => void;
  readonly startedAt: number;
  readonly log: Logger;
}

export function createRequestHandler(deps: HttpDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      route(req, res, deps);
    } catch (err) {
      deps.log.error('http handler failed', { method: req.method, ...errorFields(err) });
      if (!res.headersSent) sendError(res, 500, 'internal-error', 'Internal error');
      else res.destroy();
    }
  };
}

function route(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): void {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const readOnly = req.method === 'GET' || req.method === 'HEAD';

  if (path === '/healthz') {
    if (!readOnly) return sendError(res, 405, 'method-not-allowed', 'Use GET');
    const { rooms, connections } = deps.stats();
    const uptimeSeconds = Math.round((Date.now() - deps.startedAt) / 1000);
    return sendJson(res, 200, { ok: true, rooms, connections, uptimeSeconds });
  }
  if (path === '/api' || path.startsWith('/api/')) {
    return sendError(res, 404, 'not-found', 'There is no API endpoint at this path');
  }
  if (path === SYNC_PATH || path.startsWith(SYNC_PATH + '/')) {
    res.setHeader('Upgrade', 'websocket');
    return sendError(res, 426, 'upgrade-required', 'This is a websocket endpoint');
  }
  if (!readOnly) return sendError(res, 405, 'method-not-allowed', 'Use GET');
  deps.serveStatic(req, res);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Errors carry a machine `reason` (clients map it to a message) and a human `message`. */
function sendError(res: ServerResponse, status: number, reason: string, message: string): void {
  sendJson(res, status, { error: { reason, message } });
}
