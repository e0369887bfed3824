/**
 * One websocket client of one room. Receives frames, decodes them strictly, and hands them to the
 * message handler; anything malformed closes this connection only (1007) with a logged reason.
 *
 * Untrusted bytes must never crash the process: an uncaught throw in a 'message' listener, or an
 * 'error' event with no listener (a frame with a reserved RSV bit makes `ws` emit one), ends Node
 * and every teacher's connection with it. Hence the error listener and the try/catch below.
 */
import type { RawData, WebSocket } from 'ws';
import type { DocName } from '../src/domain/ids.ts';
import { CloseCode } from '../src/domain/protocol.ts';
import { ProtocolError, ProtocolReason } from './errors.ts';
import { errorFields, type Logger } from './log.ts';
import { decodeClientMessage, encodeSyncStep1, type ClientMessage } from './messages.ts';
import type { Room, RoomPeer } from './Room.ts';

/** Handles one decoded message of an attached connection; may throw ProtocolError. */
export type MessageHandler = (conn: Connection, room: Room, message: ClientMessage) => void;

export interface ConnectionOptions {
  readonly log: Logger;
  readonly handleMessage: MessageHandler;
  /** Bytes a connection may send before its room has loaded; more closes it (1009). */
  readonly maxInboxBytes: number;
  /** Bytes queued for a slow reader before we give up on it (it reconnects and resyncs). */
  readonly maxBufferedBytes: number;
}

let nextConnectionId = 1;

export class Connection implements RoomPeer {
  readonly id = nextConnectionId++;
  readonly awarenessClientIds = new Set<number>();
  /** Set when we decide to close or the socket closed: later frames are ignored. */
  closed = false;
  /** Heartbeat: cleared before each ping, set by the pong. */
  alive = true;
  private room: Room | undefined;
  /** Frames received before the room loaded, in order; undefined once attached. */
  private inbox: Uint8Array[] | undefined = [];
  private inboxBytes = 0;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    readonly ws: WebSocket,
    readonly doc: DocName,
    readonly ip: string,
    private readonly options: ConnectionOptions,
  ) {
    ws.on('error', (err) => {
      // `ws` closes the socket itself after a protocol error (bad RSV bit: 1002, frame over
      // maxPayload: 1009, invalid UTF-8: 1007). We only need to log and not crash.
      this.options.log.warn('websocket error; connection closed', { conn: this.id, doc: this.doc, ...errorFields(err) });
      this.closed = true;
    });
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.once('close', (code) => {
      this.closed = true;
      this.inbox = undefined;
      this.options.log.debug('connection closed', { conn: this.id, doc: this.doc, code });
      for (const listener of this.closeListeners.splice(0)) {
        try {
          listener();
        } catch (err) {
          this.options.log.error('close listener failed', { conn: this.id, ...errorFields(err) });
        }
      }
    });
  }

  /** Run `listener` once the socket has closed (immediately if it already has). */
  onClose(listener: () => void): void {
    if (this.ws.readyState === this.ws.CLOSED) listener();
    else this.closeListeners.push(listener);
  }

  /** Start serving: announce our state, then process whatever arrived while the room loaded. */
  attach(room: Room): void {
    this.room = room;
    room.addPeer(this);
    this.send(encodeSyncStep1(room.doc));
    if (room.awareness.getStates().size > 0) this.send(room.encodeAwarenessStates());
    const waiting = this.inbox ?? [];
    this.inbox = undefined;
    for (const bytes of waiting) {
      if (this.closed) break;
      this.process(bytes);
    }
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.options.maxBufferedBytes) {
      // A reader that never drains would grow our memory without bound.
      this.options.log.warn('slow reader; dropping connection', { conn: this.id, doc: this.doc, buffered: this.ws.bufferedAmount });
      this.closed = true;
      this.ws.terminate();
      return;
    }
    this.ws.send(message);
  }

  close(code: CloseCode, logReason?: string): void {
    if (this.closed) return;
    this.closed = true;
    if (logReason !== undefined) this.options.log.info('closing connection', { conn: this.id, doc: this.doc, code: code.code, reason: logReason });
    this.ws.close(code.code, code.reason);
  }

  /** Heartbeat found it dead: no close handshake with a peer that does not answer. */
  terminate(): void {
    this.closed = true;
    this.ws.terminate();
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary) {
      this.reject(new ProtocolError(ProtocolReason.TEXT_FRAME), 0);
      return;
    }
    const bytes = toBytes(data);
    if (this.inbox !== undefined) {
      this.inboxBytes += bytes.byteLength;
      if (this.inboxBytes > this.options.maxInboxBytes) {
        this.options.log.warn('too much data before the room loaded; closing', { conn: this.id, doc: this.doc, bytes: this.inboxBytes });
        this.close(CloseCode.MESSAGE_TOO_BIG);
        return;
      }
      this.inbox.push(bytes);
      return;
    }
    this.process(bytes);
  }

  private process(bytes: Uint8Array): void {
    const room = this.room;
    if (room === undefined) return;
    try {
      this.options.handleMessage(this, room, decodeClientMessage(bytes));
    } catch (err) {
      if (err instanceof ProtocolError) {
        this.reject(err, bytes.byteLength);
      } else {
        this.options.log.error('message handler failed', { conn: this.id, doc: this.doc, ...errorFields(err) });
        this.close(CloseCode.INTERNAL_ERROR);
      }
    }
  }

  private reject(err: ProtocolError, bytes: number): void {
    // The reason and size only: the bytes themselves may be anything, including someone's text.
    this.options.log.warn('malformed message; closing connection', { conn: this.id, doc: this.doc, reason: err.reason, bytes });
    this.close(CloseCode.INVALID_MESSAGE);
  }
}

/**
 * A plain Uint8Array view of a frame. Not a Buffer: Buffer#slice shares memory, which would let a
 * stored "copy" alias the frame.
 */
function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) {
    const joined = Buffer.concat(data);
    return new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
  }
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
