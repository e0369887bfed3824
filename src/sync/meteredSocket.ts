/** Something that counts bytes sent and received. */
export interface ByteMeter {
  record(sentBytes: number, receivedBytes: number): void;
}

function sizeOf(data: unknown): number {
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (typeof data === 'string') return new TextEncoder().encode(data).length;
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size;
  return 0;
}

const classes = new WeakMap<ByteMeter, typeof WebSocket>();

/**
 * A WebSocket that tells `meter` the payload size of every frame it sends and receives; given to
 * y-websocket as its `WebSocketPolyfill`, so DocSync itself needs no change. Framing, TLS and
 * TCP overhead are not counted (a few bytes per frame).
 */
export function meteredWebSocket(meter: ByteMeter, Base: typeof WebSocket = WebSocket): typeof WebSocket {
  let Metered = classes.get(meter);
  if (!Metered) {
    Metered = class extends Base {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('message', (event: MessageEvent) => meter.record(0, sizeOf(event.data)));
      }

      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
        meter.record(sizeOf(data), 0);
        super.send(data as never);
      }
    };
    classes.set(meter, Metered);
  }
  return Metered;
}
