/**
 * Clients for the relay tests: stock y-websocket providers (as the app uses them) and raw `ws`
 * sockets for crafting bytes.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DocKind, newDocName, newRoomKey, type DocName, type RoomKey } from '../../../src/domain/ids.ts';
import { MessageType } from '../../../src/domain/protocol.ts';
import { waitFor } from './waitFor.ts';

export function newRoom(): { doc: DocName; key: RoomKey } {
  return { doc: newDocName(DocKind.PERSONAL), key: newRoomKey() };
}

export interface StockClient {
  readonly ydoc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** First varuint of every frame this client received. */
  readonly receivedTypes: number[];
  /** Close events the provider saw. */
  readonly closes: { code: number; reason: string }[];
  whenSynced(): Promise<void>;
  destroy(): void;
}

/** A stock y-websocket@3 client, exactly as a teacher's phone would connect (BroadcastChannel off). */
export function connectStock(wsUrl: string, doc: DocName, key: RoomKey, ydoc = new Y.Doc()): StockClient {
  const receivedTypes: number[] = [];
  // Records what arrives, so a test can prove a stock client never sees our own message type.
  class RecordingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.on('message', (data: Buffer) => receivedTypes.push(decoding.readVarUint(decoding.createDecoder(new Uint8Array(data)))));
    }
  }
  const provider = new WebsocketProvider(wsUrl, doc, ydoc, {
    params: { key },
    WebSocketPolyfill: RecordingWebSocket as unknown as typeof globalThis.WebSocket,
    // Two providers of one document in one process would otherwise sync through BroadcastChannel
    // and converge without the relay.
    disableBc: true,
    maxBackoffTime: 500,
  });
  const closes: { code: number; reason: string }[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return {
    ydoc,
    provider,
    receivedTypes,
    closes,
    whenSynced: () => waitFor(() => provider.synced, { what: `client of ${doc} synced` }),
    destroy: () => {
      provider.destroy();
      ydoc.destroy();
    },
  };
}

export interface RawClient {
  readonly ws: WebSocket;
  readonly messages: Uint8Array[];
  opened(): Promise<void>;
  /** Resolves with the close code the relay sent (or ws reported). */
  closed(): Promise<{ code: number; reason: string }>;
  send(bytes: Uint8Array | string): void;
  /** Waits for a received message matching `match` (already received ones count). */
  nextMessage(match: (bytes: Uint8Array) => boolean, what?: string): Promise<Uint8Array>;
  close(): void;
}

export function connectRaw(url: string, options?: WebSocket.ClientOptions): RawClient {
  const ws = new WebSocket(url, options);
  const messages: Uint8Array[] = [];
  let closeInfo: { code: number; reason: string } | undefined;
  const closedPromise = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      closeInfo = { code, reason: reason.toString() };
      resolve(closeInfo);
    });
  });
  const openedPromise = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', () => reject(new Error('closed before open')));
  });
  openedPromise.catch(() => {});
  ws.on('error', () => {});
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  return {
    ws,
    messages,
    opened: () => openedPromise,
    closed: () => closedPromise,
    send: (bytes) => ws.send(bytes),
    nextMessage: async (match, what = 'a matching message') => {
      let found: Uint8Array | undefined;
      await waitFor(
        () => {
          found = messages.find(match);
          if (found === undefined && closeInfo !== undefined) throw new Error(`socket closed (${closeInfo.code}) while waiting for ${what}`);
          return found !== undefined;
        },
        { what },
      );
      return found as Uint8Array;
    },
    close: () => ws.close(),
  };
}

export function syncUrl(wsUrl: string, doc: string, key?: string): string {
  return `${wsUrl}/${doc}${key === undefined ? '' : `?key=${encodeURIComponent(key)}`}`;
}

export function encode(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** `[SYNC, UPDATE, update]`: what y-websocket sends for a local change. */
export function updateMessage(update: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MessageType.SYNC);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, update);
  });
}

/** `[SYNC, STEP1, stateVector]`. */
export function syncStep1Message(stateVector: Uint8Array = new Uint8Array([0])): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MessageType.SYNC);
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

export function commitAckMessage(counter: number): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MessageType.COMMIT_ACK);
    encoding.writeVarUint(e, counter);
  });
}

export function queryAwarenessMessage(): Uint8Array {
  return encode((e) => encoding.writeVarUint(e, MessageType.QUERY_AWARENESS));
}

/** The counter of a COMMIT_ACK reply, or undefined if `bytes` is another message. */
export function readCommitAck(bytes: Uint8Array): number | undefined {
  const decoder = decoding.createDecoder(bytes);
  if (decoding.readVarUint(decoder) !== MessageType.COMMIT_ACK) return undefined;
  return decoding.readVarUint(decoder);
}

export function isMessageType(type: number): (bytes: Uint8Array) => boolean {
  return (bytes) => decoding.readVarUint(decoding.createDecoder(bytes)) === type;
}

/** The update carried by a SYNC step 2 reply, or undefined. */
export function readSyncStep2(bytes: Uint8Array): Uint8Array | undefined {
  const decoder = decoding.createDecoder(bytes);
  if (decoding.readVarUint(decoder) !== MessageType.SYNC) return undefined;
  if (decoding.readVarUint(decoder) !== 1) return undefined;
  return decoding.readVarUint8Array(decoder);
}

/** A small Yjs update setting `text` into map "m" under `field` (what a journal edit looks like). */
export function textUpdate(field: string, text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set(field, text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** What a fresh stock client receives for `doc`, as a detached copy. */
export async function readDocument(wsUrl: string, doc: DocName, key: RoomKey): Promise<Y.Doc> {
  const client = connectStock(wsUrl, doc, key);
  try {
    await client.whenSynced();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(client.ydoc));
    return copy;
  } finally {
    client.destroy();
  }
}
