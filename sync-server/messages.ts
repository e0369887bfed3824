/**
 * Decoding and encoding of the websocket messages the relay speaks: standard y-protocols (as sent by
 * y-websocket) plus Sejawat's COMMIT_ACK. Pure functions over bytes, no room or socket state.
 *
 * Every frame comes from an untrusted peer, so decoding is strict and complete *before* anything
 * is applied: a message must be exactly one well-formed message (no truncation, no trailing bytes),
 * a Yjs update must decode fully, an awareness update must be valid JSON throughout. Anything else
 * throws a ProtocolError, which the connection turns into a 1007 close.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MessageType } from '../src/domain/protocol.ts';
import { ProtocolError, ProtocolReason } from './errors.ts';

/** Sub-types of a SYNC message (y-protocols/sync). */
export const SyncType = { STEP1: 0, STEP2: 1, UPDATE: 2 } as const;

export type ClientMessage =
  | { readonly kind: 'sync-step1'; readonly stateVector: Uint8Array }
  | { readonly kind: 'sync-step2' | 'sync-update'; readonly update: Uint8Array; readonly empty: boolean }
  | { readonly kind: 'awareness'; readonly update: Uint8Array }
  | { readonly kind: 'query-awareness' }
  | { readonly kind: 'auth' }
  | { readonly kind: 'commit-ack'; readonly counter: number };

export function decodeClientMessage(bytes: Uint8Array): ClientMessage {
  if (bytes.byteLength === 0) throw new ProtocolError(ProtocolReason.EMPTY_MESSAGE);
  const decoder = decoding.createDecoder(bytes);
  const type = readUint(decoder);
  let message: ClientMessage;
  switch (type) {
    case MessageType.SYNC:
      message = decodeSync(decoder);
      break;
    case MessageType.AWARENESS: {
      const update = readBytes(decoder);
      validateAwarenessUpdate(update);
      message = { kind: 'awareness', update };
      break;
    }
    case MessageType.QUERY_AWARENESS:
      message = { kind: 'query-awareness' };
      break;
    case MessageType.AUTH:
      // y-websocket clients never send AUTH (it is server -> client "permission denied"); we
      // ignore its body rather than guess at a format nobody uses.
      return { kind: 'auth' };
    case MessageType.COMMIT_ACK:
      message = { kind: 'commit-ack', counter: readUint(decoder) };
      break;
    default:
      throw new ProtocolError(ProtocolReason.UNKNOWN_MESSAGE_TYPE, String(type));
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError(ProtocolReason.TRAILING_BYTES);
  return message;
}

function decodeSync(decoder: decoding.Decoder): ClientMessage {
  const syncType = readUint(decoder);
  switch (syncType) {
    case SyncType.STEP1: {
      const stateVector = readBytes(decoder);
      try {
        Y.decodeStateVector(stateVector);
      } catch {
        throw new ProtocolError(ProtocolReason.INVALID_STATE_VECTOR);
      }
      return { kind: 'sync-step1', stateVector };
    }
    case SyncType.STEP2:
    case SyncType.UPDATE: {
      const update = readBytes(decoder);
      let decoded: ReturnType<typeof Y.decodeUpdate>;
      try {
        // Decoding reads every struct and the whole delete set: garbage throws here, before the
        // room's document is touched (Y.applyUpdate would integrate the structs it could read first).
        decoded = Y.decodeUpdate(update);
      } catch {
        throw new ProtocolError(ProtocolReason.INVALID_UPDATE);
      }
      const empty = decoded.structs.length === 0 && decoded.ds.clients.size === 0;
      return { kind: syncType === SyncType.STEP2 ? 'sync-step2' : 'sync-update', update, empty };
    }
    default:
      throw new ProtocolError(ProtocolReason.UNKNOWN_SYNC_TYPE, String(syncType));
  }
}

/** Checks a whole awareness update, so that applying it cannot stop half-way through. */
function validateAwarenessUpdate(update: Uint8Array): void {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      decoding.readVarUint(decoder); // client id
      decoding.readVarUint(decoder); // clock
      JSON.parse(decoding.readVarString(decoder));
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
  } catch {
    throw new ProtocolError(ProtocolReason.INVALID_AWARENESS);
  }
}

function readUint(decoder: decoding.Decoder): number {
  try {
    return decoding.readVarUint(decoder);
  } catch {
    // lib0 throws on a varint that runs past the end or overflows 53 bits.
    throw new ProtocolError(ProtocolReason.TRUNCATED);
  }
}

function readBytes(decoder: decoding.Decoder): Uint8Array {
  try {
    return decoding.readVarUint8Array(decoder);
  } catch {
    throw new ProtocolError(ProtocolReason.TRUNCATED);
  }
}

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MessageType.SYNC);
    encoding.writeVarUint(e, SyncType.STEP1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  });
}

export function encodeSyncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MessageType.SYNC);
    encoding.writeVarUint(e, SyncType.STEP2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, stateVector));
  });
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MessageType.SYNC);
    encoding.writeVarUint(e, SyncType.UPDATE);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MessageType.AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeCommitAck(counter: number): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MessageType.COMMIT_ACK);
    encoding.writeVarUint(e, counter);
  });
}
