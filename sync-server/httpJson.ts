/**
 * JSON answers of the relay's HTTP side: `/healthz`, the API, and every error, which is always
 * `{ error: { reason, message } }`: a machine `reason` the app maps to its own words, and an
 * Indonesian `message` for a person reading the raw answer. Never a stack trace.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204, { 'Cache-Control': 'no-store' });
  res.end();
}

export function sendError(res: ServerResponse, status: number, reason: string, message: string, headers: OutgoingHttpHeaders = {}): void {
  sendJson(res, status, { error: { reason, message } }, headers);
}
