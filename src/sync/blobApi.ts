/**
 * The relay's attachment calls (`/api/blobs/<sha256>`, docs/PROTOCOL.md "Attachments"): the room
 * goes in `X-Sejawat-Doc`, its key in `Authorization: Bearer`. Failures are values with the relay's
 * machine `reason` (or `offline`), like relayApi.ts.
 */
import type { DocName, RoomKey } from '../domain/ids';
import { BLOB_DOC_HEADER, BLOB_PATH } from '../domain/protocol';
import { apiBase } from './relayApi';

export type BlobCallResult<T> = { ok: true; value: T } | { ok: false; reason: string; status?: number };

/** Counts bytes that crossed the network (data saver); body sizes, headers not included. */
export type ByteMeter = (direction: 'sent' | 'received', bytes: number) => void;

function headers(doc: DocName, key: RoomKey): Record<string, string> {
  return { [BLOB_DOC_HEADER]: doc, Authorization: `Bearer ${key}` };
}

async function failure(response: Response): Promise<{ ok: false; reason: string; status: number }> {
  let reason = `http-${response.status}`;
  try {
    const parsed = (await response.json()) as { error?: { reason?: unknown } };
    if (typeof parsed?.error?.reason === 'string') reason = parsed.error.reason;
  } catch {
    // HEAD answers and proxies' pages have no JSON: the status says enough.
  }
  return { ok: false, reason, status: response.status };
}

/**
 * Whether the relay already holds `hash` for `doc`, without sending bytes: `held` (nothing to
 * send), `missing` (send it), or a failure (`blob-not-referenced`: the room's document on the relay
 * does not mention it yet).
 */
export async function headBlob(relayUrl: string, hash: string, doc: DocName, key: RoomKey): Promise<BlobCallResult<'held' | 'missing'>> {
  let response: Response;
  try {
    response = await fetch(`${apiBase(relayUrl)}${BLOB_PATH}/${hash}`, { method: 'HEAD', headers: headers(doc, key) });
  } catch {
    return { ok: false, reason: 'offline' };
  }
  if (response.ok) return { ok: true, value: 'held' };
  if (response.status === 404) return { ok: true, value: 'missing' };
  // HEAD has no body: map the statuses the relay documents for this path.
  const reason = response.status === 409 ? 'blob-not-referenced' : response.status === 401 ? 'wrong-key' : `http-${response.status}`;
  return { ok: false, reason, status: response.status };
}

export async function putBlob(relayUrl: string, hash: string, doc: DocName, key: RoomKey, bytes: Blob, meter?: ByteMeter): Promise<BlobCallResult<void>> {
  let response: Response;
  try {
    response = await fetch(`${apiBase(relayUrl)}${BLOB_PATH}/${hash}`, {
      method: 'PUT',
      headers: { ...headers(doc, key), 'Content-Type': bytes.type },
      body: bytes,
    });
  } catch {
    return { ok: false, reason: 'offline' };
  }
  meter?.('sent', bytes.size);
  if (response.ok) return { ok: true, value: undefined };
  return failure(response);
}

/** The attachment's bytes from the relay (the caller checks the hash before keeping them). */
export async function getBlobBytes(relayUrl: string, hash: string, doc: DocName, key: RoomKey, meter?: ByteMeter): Promise<BlobCallResult<Blob>> {
  let response: Response;
  try {
    response = await fetch(`${apiBase(relayUrl)}${BLOB_PATH}/${hash}`, { headers: headers(doc, key) });
  } catch {
    return { ok: false, reason: 'offline' };
  }
  if (!response.ok) return failure(response);
  try {
    const bytes = await response.blob();
    meter?.('received', bytes.size);
    return { ok: true, value: bytes };
  } catch {
    return { ok: false, reason: 'offline' };
  }
}
