/**
 * Websocket frames written byte by byte over a plain TCP socket, for what the `ws` client refuses
 * to send (reserved bits set, control frames that lie about their length).
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

/** A masked client frame: `first` is the first header byte (FIN, RSV1-3, opcode). */
export function clientFrame(first: number, payload: Uint8Array): Buffer {
  if (payload.length > 125) throw new Error('short frames only');
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
  return Buffer.concat([Buffer.from([first, 0x80 | payload.length]), mask, masked]);
}

/**
 * Opens a websocket to `path` by hand, writes `frame`, and resolves with the close code of the
 * relay's close frame (undefined if the relay just dropped the connection).
 */
export function sendRawFrame(port: number, path: string, frame: Buffer): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let upgraded = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('relay neither closed nor dropped the connection'));
    }, 10_000);
    socket.on('error', () => {});
    socket.on('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!upgraded) {
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!received.subarray(0, end).toString().startsWith('HTTP/1.1 101')) {
          clearTimeout(timer);
          reject(new Error(`upgrade refused: ${received.subarray(0, end).toString()}`));
          socket.destroy();
          return;
        }
        upgraded = true;
        received = received.subarray(end + 4);
        socket.write(frame);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(closeCodeIn(received));
    });
  });
}

/** The code of the first close frame (opcode 8) among unmasked server frames. */
function closeCodeIn(bytes: Buffer): number | undefined {
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = (bytes[at] as number) & 0x0f;
    let length = (bytes[at + 1] as number) & 0x7f;
    let header = 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(at + 2));
      header = 10;
    }
    if (opcode === 8 && length >= 2) return bytes.readUInt16BE(at + header);
    at += header + length;
  }
  return undefined;
}
