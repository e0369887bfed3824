import * as Y from 'yjs';
import type { DocName } from '../domain/ids';

/** Updates younger than this may still be in an IndexedDB transaction when the page goes away. */
const WINDOW_MS = 5_000;
const ORIGIN = 'sejawat:unload-journal';

const keyOf = (name: DocName) => `sejawat:unload-journal:${name}`;

/**
 * A safety net under y-indexeddb for the last seconds of typing.
 *
 * y-indexeddb writes every update in its own IndexedDB transaction as it happens, but a
 * transaction still in flight when the page is reloaded, closed or frozen can be aborted with the
 * page: the last letters she typed before switching apps would be gone (our e2e test saw it).
 * IndexedDB cannot be flushed synchronously; localStorage can. So the updates of the last few
 * seconds are kept in memory and written to localStorage, synchronously, when the page is hidden
 * or unloaded — the moments the browser still lets us run. The next open applies them again;
 * Yjs ignores what IndexedDB already had, so a replay never duplicates anything.
 */
export function attachUnloadJournal(name: DocName, doc: Y.Doc, storage: Storage | undefined = safeLocalStorage()): () => void {
  if (!storage || typeof window === 'undefined') return () => {};
  let recent: Array<{ at: number; update: Uint8Array }> = [];

  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === ORIGIN) return;
    const now = Date.now();
    recent.push({ at: now, update });
    if (recent[0] && now - recent[0].at > WINDOW_MS) recent = recent.filter((r) => now - r.at <= WINDOW_MS);
  };
  const flush = () => {
    const now = Date.now();
    recent = recent.filter((r) => now - r.at <= WINDOW_MS);
    try {
      if (recent.length === 0) storage.removeItem(keyOf(name));
      else storage.setItem(keyOf(name), toBase64(Y.mergeUpdates(recent.map((r) => r.update))));
    } catch {
      // Storage full or blocked: IndexedDB still has everything but the last instant.
    }
  };
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  doc.on('update', onUpdate);
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    flush();
    doc.off('update', onUpdate);
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}

/** Applies what the last session journalled at unload; returns whether anything was there. */
export function replayUnloadJournal(name: DocName, doc: Y.Doc, storage: Storage | undefined = safeLocalStorage()): boolean {
  const saved = storage?.getItem(keyOf(name));
  if (!saved) return false;
  try {
    Y.applyUpdate(doc, fromBase64(saved), ORIGIN);
    return true;
  } catch {
    storage?.removeItem(keyOf(name)); // damaged: IndexedDB is still the source of truth
    return false;
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // e.g. blocked by the browser's privacy settings
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
