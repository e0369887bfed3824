/**
 * Calls to the relay's JSON API as the app makes them (POST, application/json), answering status,
 * parsed body and headers, so tests read as "redeeming an expired code answers 410".
 */
import { DocKind, newDocName, newRoomKey, type DocName, type RoomKey } from '../../../src/domain/ids.ts';

export interface ApiReply {
  status: number;
  /** The parsed JSON answer (undefined for 204); each test checks its shape. */
  body: any;
  headers: Headers;
}

export async function post(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<ApiReply> {
  return send(baseUrl, path, { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } });
}

/** Any request, for bodies the app would never send. */
export async function send(baseUrl: string, path: string, init: RequestInit): Promise<ApiReply> {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', ...init });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: res.headers };
}

export function newCommunity(): { doc: DocName; key: RoomKey } {
  return { doc: newDocName(DocKind.COMMUNITY), key: newRoomKey() };
}

export const createInvite = (baseUrl: string, doc: string, key: string, ttlSeconds?: number): Promise<ApiReply> =>
  post(baseUrl, '/api/invites', ttlSeconds === undefined ? { doc, key } : { doc, key, ttlSeconds });
export const redeemInvite = (baseUrl: string, code: string, headers?: Record<string, string>): Promise<ApiReply> =>
  post(baseUrl, '/api/invites/redeem', { code }, headers);
export const revokeInvite = (baseUrl: string, code: string, key: string): Promise<ApiReply> => post(baseUrl, '/api/invites/revoke', { code, key });
export const registerAdmin = (baseUrl: string, doc: string, key: string, adminKey: string): Promise<ApiReply> =>
  post(baseUrl, `/api/rooms/${doc}/admin`, { key, adminKey });
export const registerMember = (baseUrl: string, doc: string, key: string, memberId: string, memberSecret: string): Promise<ApiReply> =>
  post(baseUrl, `/api/rooms/${doc}/members`, { key, memberId, memberSecret });
export const rotateKey = (baseUrl: string, doc: string, adminKey: string, newKey: string, keepMembers: string[]): Promise<ApiReply> =>
  post(baseUrl, `/api/rooms/${doc}/rotate`, { adminKey, newKey, keepMembers });
export const rekey = (baseUrl: string, doc: string, memberId: string, memberSecret: string): Promise<ApiReply> =>
  post(baseUrl, `/api/rooms/${doc}/rekey`, { memberId, memberSecret });
