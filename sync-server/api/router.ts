/**
 * The JSON API under `/api`: which handler answers which path, the body, and the answer. Every
 * failure is `{ error: { reason, message } }` with an Indonesian message (ApiError.ts); a bug is a
 * logged 500, never a stack trace in the answer and never a crashed relay.
 *
 * One log line per call: route, status, reason, document, time. Never a key, a secret or a code.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { RelayApiReason } from '../../src/domain/protocol.ts';
import { clientAddress, rateLimitKey } from '../clientAddress.ts';
import { sendError, sendJson, sendNoContent } from '../httpJson.ts';
import { errorFields, type LogFields } from '../log.ts';
import { ApiError, API_MESSAGES } from './ApiError.ts';
import { BLOB_METHODS, createBlobHandler } from './blobs.ts';
import { readJsonObject } from './body.ts';
import type { ApiDeps, ApiHandler } from './context.ts';
import { docName } from './fields.ts';
import { createInviteHandlers } from './invites.ts';
import { createRoomHandlers } from './rooms.ts';

interface Route {
  readonly name: string;
  readonly handler?: ApiHandler;
  /** The raw `<doc>` of `/api/rooms/<doc>/…`. */
  readonly doc?: string;
  /** The raw `<sha256>` of `/api/blobs/<sha256>` (not JSON: blobs.ts reads and answers itself). */
  readonly blob?: string;
}

const ROOM_PATH = /^\/api\/rooms\/([^/]*)\/(admin|members|rotate|rekey)$/;
const BLOB_ROUTE = /^\/api\/blobs\/([^/]*)$/;

export type ApiRequestHandler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>;

export function createApiHandler(deps: ApiDeps): ApiRequestHandler {
  const invites = createInviteHandlers(deps);
  const rooms = createRoomHandlers(deps);
  const blobs = createBlobHandler(deps);
  const fixed = new Map<string, Route>([
    ['/api/invites', { name: 'invites.create', handler: invites.create }],
    ['/api/invites/redeem', { name: 'invites.redeem', handler: invites.redeem }],
    ['/api/invites/revoke', { name: 'invites.revoke', handler: invites.revoke }],
  ]);

  const find = (path: string): Route | undefined => {
    const route = fixed.get(path);
    if (route !== undefined) return route;
    const blob = BLOB_ROUTE.exec(path);
    if (blob !== null) return { name: 'blobs', blob: blob[1] as string };
    const match = ROOM_PATH.exec(path);
    if (match === null) return undefined;
    const action = match[2] as keyof typeof rooms;
    return { name: `rooms.${action}`, handler: rooms[action], doc: match[1] as string };
  };

  return async (req, res, path) => {
    const started = performance.now();
    const route = find(path);
    const note: LogFields = { route: route?.name ?? 'unknown' };
    let status: number;
    try {
      if (route === undefined) throw new ApiError(RelayApiReason.NOT_FOUND);
      if (route.blob !== undefined) {
        note.route = `blobs.${(req.method ?? '').toLowerCase()}`;
        // Raw bytes, not JSON: the blob handler reads the body and answers itself.
        status = await blobs(req, res, route.blob, note);
      } else {
        if (req.method !== 'POST') throw new ApiError(RelayApiReason.METHOD_NOT_ALLOWED, API_MESSAGES[RelayApiReason.METHOD_NOT_ALLOWED] + ' Gunakan POST.');
        if (route.handler === undefined) throw new Error(`route ${route.name} has no handler`);
        const doc = route.doc === undefined ? undefined : docName(route.doc);
        if (doc !== undefined) note.doc = doc;
        const body = await readJsonObject(req);
        const address = rateLimitKey(clientAddress(req, deps.config.trustProxy));
        const answer = await route.handler({ body, address, note, ...(doc === undefined ? {} : { doc }) });
        status = answer.status;
        if (answer.body === undefined) sendNoContent(res);
        else sendJson(res, answer.status, answer.body);
      }
    } catch (err) {
      const error = err instanceof ApiError ? err : undefined;
      if (error === undefined) deps.log.error('api call failed', { ...note, ...errorFields(err) });
      const failure = error ?? new ApiError(RelayApiReason.INTERNAL_ERROR);
      status = failure.status;
      note.reason = failure.reason;
      const headers: OutgoingHttpHeaders = {};
      if (failure.retryAfterSeconds !== undefined) headers['Retry-After'] = String(failure.retryAfterSeconds);
      if (failure.status === 405) headers.Allow = route?.blob !== undefined ? BLOB_METHODS : 'POST';
      // A body we stopped reading (too large, wrong type) would otherwise be parsed as the next
      // request on this connection.
      if (!req.complete) headers.Connection = 'close';
      if (res.headersSent) res.destroy();
      else sendError(res, failure.status, failure.reason, failure.message, headers);
    }
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    deps.log[level]('api', { ...note, status, ms: Math.round(performance.now() - started) });
  };
}
