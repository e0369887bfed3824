import type { DocName, RoomKey } from '../domain/ids';

/**
 * The relay's small HTTP API (invites, admin key, members, key rotation: docs/PROTOCOL.md).
 * Failures are values with a machine `reason`, never exceptions the screen must catch: offline,
 * a wrong code or an expired invite are ordinary conditions a teacher meets.
 */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; reason: string; message?: string; retryAfter?: number };

/** `ws(s)://host/sync` → `http(s)://host`. */
export function apiBase(relayUrl: string): string {
  const url = new URL(relayUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = url.pathname.replace(/\/sync\/?$/, '');
  return url.toString().replace(/\/+$/, '');
}

async function call<T>(relayUrl: string, path: string, body: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(`${apiBase(relayUrl)}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, reason: 'offline' };
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (response.ok) return { ok: true, value: parsed as T };
  const error = (parsed as { error?: { reason?: unknown; message?: unknown } } | undefined)?.error;
  const retry = Number(response.headers.get('Retry-After'));
  return {
    ok: false,
    reason: typeof error?.reason === 'string' ? error.reason : `http-${response.status}`,
    ...(typeof error?.message === 'string' ? { message: error.message } : {}),
    ...(Number.isFinite(retry) && retry > 0 ? { retryAfter: retry } : {}),
  };
}

/** Normalises what a teacher typed or heard: case, spaces and dashes do not matter. */
export function normaliseInviteCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '');
}

/** `ABCDEFGH` → `ABCD-EFGH`, easier to read aloud. */
export function formatInviteCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

export function createInvite(relayUrl: string, doc: DocName, key: RoomKey) {
  return call<{ code: string; expiresAt: number }>(relayUrl, '/api/invites', { doc, key });
}

export function redeemInvite(relayUrl: string, code: string) {
  return call<{ doc: DocName; key: RoomKey }>(relayUrl, '/api/invites/redeem', { code: normaliseInviteCode(code) });
}

export function revokeInvite(relayUrl: string, code: string, key: RoomKey) {
  return call<void>(relayUrl, '/api/invites/revoke', { code, key });
}

export function registerAdmin(relayUrl: string, doc: DocName, key: RoomKey, adminKey: RoomKey) {
  return call<void>(relayUrl, `/api/rooms/${doc}/admin`, { key, adminKey });
}

export function registerMember(relayUrl: string, doc: DocName, key: RoomKey, memberId: string, memberSecret: string) {
  return call<void>(relayUrl, `/api/rooms/${doc}/members`, { key, memberId, memberSecret });
}

export function rotateKey(relayUrl: string, doc: DocName, adminKey: RoomKey, newKey: RoomKey, keepMembers: string[]) {
  return call<{ rotatedAt: number }>(relayUrl, `/api/rooms/${doc}/rotate`, { adminKey, newKey, keepMembers });
}

export function rekey(relayUrl: string, doc: DocName, memberId: string, memberSecret: string) {
  return call<{ key: RoomKey }>(relayUrl, `/api/rooms/${doc}/rekey`, { memberId, memberSecret });
}
