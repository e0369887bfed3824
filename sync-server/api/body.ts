/**
 * Reading a request body as one JSON object, within a size limit. Untrusted bytes never crash the
 * relay: every way a body can be wrong (not JSON, not UTF-8, too big, the wrong media type, a
 * connection reset half-way) becomes an ApiError or a rejected promise the router answers.
 */
import type { IncomingMessage } from 'node:http';
import { RelayApiReason } from '../../src/domain/protocol.ts';
import { ApiError } from './ApiError.ts';

/** Largest body accepted: a few ids and keys fit many times over. */
export const MAX_BODY_BYTES = 16 * 1024;

export async function readJsonObject(req: IncomingMessage, maxBytes: number = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  // Only application/json: besides being the contract, a browser cannot send it cross-origin
  // without a preflight we never approve, so another site cannot make a teacher's browser call us.
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    throw new ApiError(RelayApiReason.INVALID_BODY, 'Permintaan tidak dapat dibaca: kirim JSON dengan Content-Type: application/json.');
  }
  return parseObject(await readBytes(req, maxBytes, new ApiError(RelayApiReason.BODY_TOO_LARGE)));
}

/**
 * The whole body as bytes, refusing with `tooLarge` as soon as it passes `maxBytes` (declared or
 * counted); stops buffering then. Rejects with `invalid-body` if the client goes away half-way.
 */
export function readBytes(req: IncomingMessage, maxBytes: number, tooLarge: ApiError): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(tooLarge);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        settled = true;
        chunks.length = 0;
        reject(tooLarge);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    // The client went away half-way: nobody will read the answer, but the promise must settle.
    const broken = (): void => {
      if (settled) return;
      settled = true;
      reject(new ApiError(RelayApiReason.INVALID_BODY, 'Permintaan terputus sebelum selesai dikirim.'));
    };
    req.on('error', broken);
    req.on('close', broken);
  });
}

function parseObject(bytes: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ApiError(RelayApiReason.INVALID_BODY, 'Permintaan tidak dapat dibaca: isinya bukan JSON yang sah.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(RelayApiReason.INVALID_BODY, 'Permintaan tidak dapat dibaca: isinya harus sebuah objek JSON ({ ... }).');
  }
  return value as Record<string, unknown>;
}
