/**
 * `/api/blobs/<sha256>`: attachments (photos, voice notes). docs/PROTOCOL.md "Attachments" has the
 * contract. The room goes in `X-Sejawat-Doc`, its key in `Authorization: Bearer <key>`.
 *
 * A room gets an attachment only if its own stored document mentions the hash: a journal photo
 * uploaded for her personal room is never readable with a community's key, and a key holder
 * cannot park arbitrary files on the relay. The check is a byte search of the room's stored Yjs
 * updates (keys and strings are contiguous UTF-8 there), so it needs no schema knowledge.
 *
 * Everything cheap is checked before a byte of the body is read (path, room, key, type, declared
 * size, rate limit, reference); then the body is read within MAX_BLOB_BYTES and its SHA-256 must be
 * the path. The bytes are stored once per hash; re-putting is idempotent.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRoomKey, type DocName, type RoomKey } from '../../src/domain/ids.ts';
import { BLOB_HASH_PATTERN, BLOB_TYPES, RelayApiReason } from '../../src/domain/protocol.ts';
import { clientAddress, rateLimitKey } from '../clientAddress.ts';
import { sendJson } from '../httpJson.ts';
import type { LogFields } from '../log.ts';
import { hashRoomKey, keyHashesMatch } from '../roomKeys.ts';
import { ApiError } from './ApiError.ts';
import { readBytes } from './body.ts';
import { takeToken, type ApiDeps } from './context.ts';
import { docName } from './fields.ts';

export const BLOB_METHODS = 'GET, HEAD, PUT';

/** Handles one call; resolves with the status sent. Throws ApiError for the router to answer. */
export type BlobHandler = (req: IncomingMessage, res: ServerResponse, rawHash: string, note: LogFields) => Promise<number>;

export function createBlobHandler(deps: ApiDeps): BlobHandler {
  const { storage, config, limiters } = deps;
  const allowed: readonly string[] = BLOB_TYPES;

  /** Whether the room's stored document mentions `hash` (false for a room with no document). */
  const referenced = async (doc: DocName, hash: string): Promise<boolean> => {
    const needle = Buffer.from(hash, 'latin1');
    for (const row of await storage.loadUpdates(doc)) {
      if (Buffer.from(row.update.buffer, row.update.byteOffset, row.update.byteLength).includes(needle)) return true;
    }
    return false;
  };

  return async (req, res, rawHash, note) => {
    const method = req.method ?? '';
    if (method !== 'GET' && method !== 'HEAD' && method !== 'PUT') {
      throw new ApiError(RelayApiReason.METHOD_NOT_ALLOWED, `Metode permintaan ini tidak didukung di alamat ini. Gunakan ${BLOB_METHODS}.`);
    }
    if (!BLOB_HASH_PATTERN.test(rawHash)) throw new ApiError(RelayApiReason.INVALID_BLOB_HASH);
    const hash = rawHash;
    // Enough to follow one attachment through the logs; it names a photo, not what is on it.
    note.blob = hash.slice(0, 12);
    const doc = docName(req.headers['x-sejawat-doc']);
    note.doc = doc;
    const key = bearerKey(req.headers.authorization);

    let type: string | undefined;
    if (method === 'PUT') {
      type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type === undefined || !allowed.includes(type)) throw new ApiError(RelayApiReason.UNSUPPORTED_BLOB_TYPE);
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > config.maxBlobBytes) throw tooLarge(config.maxBlobBytes);
      takeToken(limiters.blobUploads, rateLimitKey(clientAddress(req, config.trustProxy)), (when) => `Terlalu banyak lampiran dikirim dari jaringan ini. Coba lagi ${when}.`);
    }

    // The room must exist and the key be its key. No trust on first use here: an attachment call
    // never creates a room (its document comes first, over the websocket).
    const stored = await storage.getKeyHash(doc);
    if (stored !== undefined && !keyHashesMatch(hashRoomKey(key), stored)) throw new ApiError(RelayApiReason.WRONG_KEY);

    const held = stored === undefined ? undefined : await storage.getBlob(hash, doc);
    if (method === 'GET' || method === 'HEAD') {
      if (held !== undefined) {
        res.writeHead(200, {
          'Content-Type': held.type,
          'Content-Length': held.bytes.byteLength,
          // Content-addressed: these bytes never change. Private: only holders of the room key.
          'Cache-Control': 'private, max-age=31536000, immutable',
          ETag: `"${hash}"`,
          'X-Content-Type-Options': 'nosniff',
        });
        res.end(method === 'HEAD' ? undefined : Buffer.from(held.bytes.buffer, held.bytes.byteOffset, held.bytes.byteLength));
        note.bytes = held.bytes.byteLength;
        return 200;
      }
      // HEAD tells an uploader whether to send the bytes (404) or wait for the document (409).
      if (method === 'HEAD' && (stored === undefined || !(await referenced(doc, hash)))) throw new ApiError(RelayApiReason.BLOB_NOT_REFERENCED);
      throw new ApiError(RelayApiReason.BLOB_NOT_FOUND);
    }

    if (held !== undefined) {
      // Already here for this room: nothing to read or store (the router closes the connection if
      // the body is still coming).
      sendJson(res, 200, { hash, size: held.bytes.byteLength, type: held.type }, req.complete ? {} : { Connection: 'close' });
      return 200;
    }
    if (stored === undefined || !(await referenced(doc, hash))) throw new ApiError(RelayApiReason.BLOB_NOT_REFERENCED);
    const bytes = await readBytes(req, config.maxBlobBytes, tooLarge(config.maxBlobBytes));
    if (createHash('sha256').update(bytes).digest('hex') !== hash) throw new ApiError(RelayApiReason.BLOB_HASH_MISMATCH);
    await storage.putBlob(hash, doc, type as string, bytes, deps.now());
    note.bytes = bytes.byteLength;
    sendJson(res, 201, { hash, size: bytes.byteLength, type });
    return 201;
  };
}

function bearerKey(header: string | undefined): RoomKey {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (match === null) throw new ApiError(RelayApiReason.WRONG_KEY, 'Kunci ruang tidak dikirim: sertakan Authorization: Bearer <kunci ruang>.');
  const key = match[1];
  // The same pattern as every other key (fields.ts): a malformed one is 400, not a wrong one.
  if (!isRoomKey(key)) throw new ApiError(RelayApiReason.INVALID_KEY);
  return key;
}

function tooLarge(maxBytes: number): ApiError {
  const kib = Math.floor(maxBytes / 1024);
  return new ApiError(RelayApiReason.BLOB_TOO_LARGE, `Lampiran terlalu besar: paling banyak ${kib} KiB di server ini. Kecilkan foto atau persingkat rekaman.`);
}
