/**
 * Making attachments on the phone: a photo resized and re-encoded before it is stored (longest side
 * 1280 px, WebP with a JPEG fallback, quality stepped down to about 150 KB), and a voice note
 * recorded with MediaRecorder (Opus in WebM where available), capped at 60 s.
 */

export const PHOTO_MAX_SIDE = 1280;
export const PHOTO_TARGET_BYTES = 150_000;
export const VOICE_MAX_MS = 60_000;
const QUALITIES = [0.82, 0.72, 0.62, 0.52, 0.42];

export interface ResizedPhoto {
  blob: Blob;
  width: number;
  height: number;
}

function encode(canvas: HTMLCanvasElement, type: string, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

/** Throws if the browser cannot decode the file (not an image, or a format it does not know). */
export async function resizePhoto(file: Blob, maxSide = PHOTO_MAX_SIDE, targetBytes = PHOTO_TARGET_BYTES): Promise<ResizedPhoto> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d canvas');
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  let best: Blob | undefined;
  for (const quality of QUALITIES) {
    let blob = await encode(canvas, 'image/webp', quality);
    // A browser without a WebP encoder answers PNG: use JPEG then.
    if (!blob || blob.type !== 'image/webp') blob = await encode(canvas, 'image/jpeg', quality);
    if (!blob) continue;
    if (!best || blob.size < best.size) best = blob;
    if (blob.size <= targetBytes) break;
  }
  if (!best) throw new Error('could not encode the photo');
  return { blob: best, width, height };
}

export function canRecordVoice(): boolean {
  return typeof MediaRecorder !== 'undefined' && typeof navigator !== 'undefined' && navigator.mediaDevices?.getUserMedia !== undefined;
}

export interface VoiceRecording {
  /** Stops early; the promise from `recordVoice` then resolves. */
  stop(): void;
  done: Promise<{ blob: Blob; durationMs: number }>;
}

/** Starts recording from the microphone (asks permission); stops by itself after `maxMs`. */
export async function recordVoice(maxMs = VOICE_MAX_MS): Promise<VoiceRecording> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const type = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4'].find((t) => MediaRecorder.isTypeSupported(t));
  const recorder = new MediaRecorder(stream, { ...(type ? { mimeType: type } : {}), audioBitsPerSecond: 32_000 });
  const chunks: Blob[] = [];
  const started = performance.now();
  recorder.ondataavailable = (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  };
  const done = new Promise<{ blob: Blob; durationMs: number }>((resolve, reject) => {
    recorder.onstop = () => {
      for (const track of stream.getTracks()) track.stop();
      resolve({ blob: new Blob(chunks, { type: recorder.mimeType || type || 'audio/webm' }), durationMs: Math.round(performance.now() - started) });
    };
    recorder.onerror = () => reject(new Error('recording failed'));
  });
  recorder.start(1_000);
  const timer = setTimeout(() => recorder.state !== 'inactive' && recorder.stop(), maxMs);
  return {
    stop: () => {
      clearTimeout(timer);
      if (recorder.state !== 'inactive') recorder.stop();
    },
    done,
  };
}

/** "120 KB", "1,2 MB". */
export function formatBytes(bytes: number, locale: string): string {
  if (bytes < 1_000_000) return `${Math.max(1, Math.round(bytes / 1000))} KB`;
  return `${(bytes / 1_000_000).toLocaleString(locale, { maximumFractionDigits: 1 })} MB`;
}
