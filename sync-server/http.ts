/**
 * Plain HTTP on the relay's port: health check, the JSON API (api/router.ts), and the PWA itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_PATH, RelayApiReason, SYNC_PATH } from '../src/domain/protocol.ts';
import { API_MESSAGES } from './api/ApiError.ts';
import type { ApiRequestHandler } from './api/router.ts';
import { sendError, sendJson } from './httpJson.ts';
import { errorFields, type Logger } from './log.ts';

export interface RelayStats {
  readonly rooms: number;
  readonly connections: number;
  readonly pendingWrites: number;
  /** Estimated bytes of the rooms in memory (MAX_LOADED_ROOMS_BYTES). */
  readonly loadedRoomsBytes: number;
}

/** What /readyz reports: can this relay store and acknowledge writes now? */
export interface Readiness {
  readonly ready: boolean;
  /** 'ok', or why not ('writes failing', 'unreachable: …'). */
  readonly storage: string;
  /** 'ok' (also when there is only one relay), or why the other relays cannot be reached. */
  readonly fanout: string;
}

export interface HttpDeps {
  readonly stats: () => RelayStats;
  readonly readiness: () => Promise<Readiness>;
  readonly serveStatic: (req: IncomingMessage, res: ServerResponse) => void;
  readonly api: ApiRequestHandler;
  readonly startedAt: number;
  readonly log: Logger;
}

export function createRequestHandler(deps: HttpDeps) {
  const fail = (req: IncomingMessage, res: ServerResponse, err: unknown): void => {
    deps.log.error('http handler failed', { method: req.method, ...errorFields(err) });
    if (!res.headersSent) sendError(res, 500, RelayApiReason.INTERNAL_ERROR, API_MESSAGES[RelayApiReason.INTERNAL_ERROR]);
    else res.destroy();
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      route(req, res, deps)?.catch((err: unknown) => fail(req, res, err));
    } catch (err) {
      fail(req, res, err);
    }
  };
}

function route(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): Promise<void> | undefined {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const readOnly = req.method === 'GET' || req.method === 'HEAD';

  if (path === '/healthz') {
    if (!readOnly) return methodNotAllowed(res);
    const { rooms, connections, loadedRoomsBytes } = deps.stats();
    const uptimeSeconds = Math.round((Date.now() - deps.startedAt) / 1000);
    sendJson(res, 200, { ok: true, rooms, connections, loadedRoomsBytes, uptimeSeconds });
    return undefined;
  }
  if (path === '/readyz') {
    if (!readOnly) return methodNotAllowed(res);
    // 503 while writes cannot be stored: a load balancer or monitor sends teachers elsewhere.
    return deps.readiness().then((state) => sendJson(res, state.ready ? 200 : 503, state));
  }
  if (path === API_PATH || path.startsWith(API_PATH + '/')) return deps.api(req, res, path);
  if (path === SYNC_PATH || path.startsWith(SYNC_PATH + '/')) {
    res.setHeader('Upgrade', 'websocket');
    sendError(res, 426, RelayApiReason.UPGRADE_REQUIRED, API_MESSAGES[RelayApiReason.UPGRADE_REQUIRED]);
    return undefined;
  }
  if (!readOnly) return methodNotAllowed(res);
  deps.serveStatic(req, res);
  return undefined;
}

function methodNotAllowed(res: ServerResponse): undefined {
  sendError(res, 405, RelayApiReason.METHOD_NOT_ALLOWED, `${API_MESSAGES[RelayApiReason.METHOD_NOT_ALLOWED]} Gunakan GET.`, { Allow: 'GET, HEAD' });
  return undefined;
}
