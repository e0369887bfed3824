/**
 * Attachments over HTTP against the real relay process (`/api/blobs/<sha256>`, docs/PROTOCOL.md):
 * a room gets a photo only if its own document references it, the bytes must be the hash, the type
 * must be allowed and the size within MAX_BLOB_BYTES; the key of one room never opens another's.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAttachment, AttachmentTarget } from '../../src/domain/attachments.ts';
import { newRoomKey, type DocName, type RecordId, type RoomKey } from '../../src/domain/ids.ts';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { newCommunity } from './support/api.ts';
import { connectStock, newRoom, type StockClient } from './support/clients.ts';
import { logRecords } from './support/relayHttp.ts';
import { waitFor } from './support/waitFor.ts';

const MAX_BLOB_BYTES = 64 * 1024;
let relay: RelayProcess;
const clients: StockClient[] = [];

beforeAll(async () => {
  relay = await startRelayProcess({ env: { MAX_BLOB_BYTES: String(MAX_BLOB_BYTES) } });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await relay.kill();
});

function photoBytes(seed: number, size = 5_000): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7) & 0xff;
  return bytes;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

interface Call {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  doc?: string;
  key?: string;
  type?: string;
  body?: Uint8Array;
  authorization?: string;
}

async function blobCall(hash: string, call: Call): Promise<{ status: number; body: any; bytes: Uint8Array; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (call.doc !== undefined) headers['X-Sejawat-Doc'] = call.doc;
  if (call.authorization !== undefined) headers.Authorization = call.authorization;
  else if (call.key !== undefined) headers.Authorization = `Bearer ${call.key}`;
  if (call.type !== undefined) headers['Content-Type'] = call.type;
  const res = await fetch(`${relay.url}/api/blobs/${hash}`, { method: call.method, headers, ...(call.body ? { body: call.body as Uint8Array<ArrayBuffer> } : {}) });
  const bytes = new Uint8Array(await res.arrayBuffer());
  let body: unknown;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json') && bytes.length > 0) body = JSON.parse(new TextDecoder().decode(bytes));
  return { status: res.status, body, bytes, headers: res.headers };
}

/** A room whose document, stored by the relay, references `hashes` on a trial. */
async function roomReferencing(hashes: string[], room: { doc: DocName; key: RoomKey } = newCommunity()) {
  const client = connectStock(relay.wsUrl, room.doc, room.key);
  clients.push(client);
  await client.whenSynced();
  for (const hash of hashes) {
    addAttachment(client.ydoc, AttachmentTarget.TRIAL, 'trial00000000001' as RecordId, {
      hash,
      type: 'image/webp',
      size: 5_000,
      addedBy: 'member0000000001',
      addedAt: 1,
    });
  }
  // Stored once HEAD stops answering 409 (not referenced): the relay searches its stored rows.
  for (const hash of hashes) {
    await waitFor(async () => (await blobCall(hash, { method: 'HEAD', ...room })).status !== 409, { what: 'document stored', intervalMs: 50 });
  }
  return room;
}

describe('PUT /api/blobs/<sha256>', () => {
  it('stores a photo the room references; GET gives the same bytes back to that room, with immutable caching', async () => {
    const bytes = photoBytes(1);
    const hash = sha256(bytes);
    const room = await roomReferencing([hash]);
    expect((await blobCall(hash, { method: 'HEAD', ...room })).status).toBe(404);
    const put = await blobCall(hash, { method: 'PUT', ...room, type: 'image/webp', body: bytes });
    expect(put).toMatchObject({ status: 201, body: { hash, size: bytes.length, type: 'image/webp' } });
    const got = await blobCall(hash, { method: 'GET', ...room });
    expect(got.status).toBe(200);
    expect(got.bytes).toEqual(bytes);
    expect(got.headers.get('content-type')).toBe('image/webp');
    expect(got.headers.get('cache-control')).toContain('immutable');
    expect((await blobCall(hash, { method: 'HEAD', ...room })).status).toBe(200);
    const line = logRecords(relay.logs).find((r) => r.route === 'blobs.put' && r.status === 201);
    expect(line).toMatchObject({ doc: room.doc, bytes: bytes.length });
    expect(JSON.stringify(relay.logs)).not.toContain(room.key);
  });

  it('putting it again is idempotent (200, same bytes)', async () => {
    const bytes = photoBytes(2);
    const hash = sha256(bytes);
    const room = await roomReferencing([hash]);
    expect((await blobCall(hash, { method: 'PUT', ...room, type: 'image/webp', body: bytes })).status).toBe(201);
    expect(await blobCall(hash, { method: 'PUT', ...room, type: 'image/webp', body: bytes })).toMatchObject({ status: 200, body: { hash, size: bytes.length } });
    expect((await blobCall(hash, { method: 'GET', ...room })).bytes).toEqual(bytes);
  });

  it('refuses bytes that are not the hash in the path (400 blob-hash-mismatch), and stores nothing', async () => {
    const bytes = photoBytes(3);
    const hash = sha256(bytes);
    const room = await roomReferencing([hash]);
    const damaged = bytes.slice();
    damaged[100] = (damaged[100] as number) ^ 1;
    expect(await blobCall(hash, { method: 'PUT', ...room, type: 'image/webp', body: damaged })).toMatchObject({ status: 400, body: { error: { reason: 'blob-hash-mismatch' } } });
    expect((await blobCall(hash, { method: 'GET', ...room })).status).toBe(404);
  });

  it('refuses a type off the allow-list (415) and a body over MAX_BLOB_BYTES (413) with clear reasons', async () => {
    const big = photoBytes(4, MAX_BLOB_BYTES + 1);
    const small = photoBytes(5);
    const room = await roomReferencing([sha256(big), sha256(small)]);
    const html = await blobCall(sha256(small), { method: 'PUT', ...room, type: 'text/html', body: small });
    expect(html).toMatchObject({ status: 415, body: { error: { reason: 'unsupported-blob-type' } } });
    expect(html.body.error.message).toMatch(/Jenis lampiran tidak didukung/);
    const tooBig = await blobCall(sha256(big), { method: 'PUT', ...room, type: 'image/jpeg', body: big });
    expect(tooBig).toMatchObject({ status: 413, body: { error: { reason: 'blob-too-large' } } });
    expect(tooBig.body.error.message).toContain('64 KiB');
    // The relay is still fine and the room still works.
    expect((await blobCall(sha256(small), { method: 'PUT', ...room, type: 'image/png', body: small })).status).toBe(201);
  });

  it('needs the room key: none or a wrong one is 401, a malformed one 400', async () => {
    const bytes = photoBytes(6);
    const hash = sha256(bytes);
    const room = await roomReferencing([hash]);
    expect(await blobCall(hash, { method: 'PUT', doc: room.doc, type: 'image/webp', body: bytes })).toMatchObject({ status: 401, body: { error: { reason: 'wrong-key' } } });
    expect(await blobCall(hash, { method: 'PUT', ...room, key: newRoomKey(), type: 'image/webp', body: bytes })).toMatchObject({ status: 401, body: { error: { reason: 'wrong-key' } } });
    expect(await blobCall(hash, { method: 'PUT', ...room, authorization: 'Bearer x', type: 'image/webp', body: bytes })).toMatchObject({ status: 400, body: { error: { reason: 'invalid-key' } } });
    expect(await blobCall(hash, { method: 'GET', doc: room.doc, key: newRoomKey() })).toMatchObject({ status: 401 });
  });

  it('a room whose document does not reference the hash gets 409 blob-not-referenced (retry after the document syncs)', async () => {
    const bytes = photoBytes(7);
    const hash = sha256(bytes);
    const room = await roomReferencing([sha256(photoBytes(8))]);
    expect(await blobCall(hash, { method: 'PUT', ...room, type: 'image/webp', body: bytes })).toMatchObject({ status: 409, body: { error: { reason: 'blob-not-referenced' } } });
    expect((await blobCall(hash, { method: 'HEAD', ...room })).status).toBe(409);
    // A room the relay has never seen is no different: the document has not arrived.
    const unseen = newRoom();
    expect((await blobCall(hash, { method: 'PUT', ...unseen, type: 'image/webp', body: bytes })).status).toBe(409);
  });

  it('a bad path or header is 400, another method 405', async () => {
    const room = newCommunity();
    expect(await blobCall('ABC', { method: 'GET', ...room })).toMatchObject({ status: 400, body: { error: { reason: 'invalid-blob-hash' } } });
    expect(await blobCall('A'.repeat(64), { method: 'GET', ...room })).toMatchObject({ status: 400, body: { error: { reason: 'invalid-blob-hash' } } });
    expect(await blobCall('a'.repeat(64), { method: 'GET', doc: 'x', key: room.key })).toMatchObject({ status: 400, body: { error: { reason: 'invalid-doc' } } });
    const del = await blobCall('a'.repeat(64), { method: 'DELETE', ...room });
    expect(del).toMatchObject({ status: 405, body: { error: { reason: 'method-not-allowed' } } });
    expect(del.headers.get('allow')).toBe('GET, HEAD, PUT');
  });
});

describe('GET /api/blobs/<sha256>', () => {
  it("only rooms it was uploaded for can read it: her journal photo is not readable with a community's key", async () => {
    const bytes = photoBytes(9);
    const hash = sha256(bytes);
    const personal = await roomReferencing([hash], newRoom());
    // The community references the same photo (e.g. copied by someone) but never uploaded it.
    const community = await roomReferencing([hash]);
    expect((await blobCall(hash, { method: 'PUT', ...personal, type: 'image/webp', body: bytes })).status).toBe(201);
    expect((await blobCall(hash, { method: 'GET', ...personal })).status).toBe(200);
    expect(await blobCall(hash, { method: 'GET', ...community })).toMatchObject({ status: 404, body: { error: { reason: 'blob-not-found' } } });
    // With the personal room named but the community's key: wrong key.
    expect((await blobCall(hash, { method: 'GET', doc: personal.doc, key: community.key })).status).toBe(401);
    // Once she shares it there, the community uploads it for its own room, and then reads it.
    expect((await blobCall(hash, { method: 'PUT', ...community, type: 'image/webp', body: bytes })).status).toBe(201);
    expect((await blobCall(hash, { method: 'GET', ...community })).bytes).toEqual(bytes);
  });
});
