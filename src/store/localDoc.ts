import * as idb from 'lib0/indexeddb';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import type { DocName } from '../domain/ids';
import type { SejawatDb } from './db';
import { attachUnloadJournal, replayUnloadJournal } from './unloadJournal';

export interface LocalDoc {
  name: DocName;
  doc: Y.Doc;
  persistence: IndexeddbPersistence;
  /** How many damaged local records were set aside while opening (0 normally). */
  quarantined: number;
  close(): Promise<void>;
}

/** y-indexeddb's object store that holds a document's updates (one record per local update). */
const UPDATES_STORE = 'updates';
/** If y-indexeddb has not loaded after this long, assume an unreadable record and check them all. */
const LOAD_WATCHDOG_MS = 15_000;

/**
 * Opens a document from this device's IndexedDB (y-indexeddb) and keeps persisting every change
 * to it as it happens (y-indexeddb writes each update at once, well within the one-second promise).
 *
 * y-indexeddb applies all stored records in one transaction and never reports a failure: one
 * damaged record would leave the app waiting forever with nothing shown. So records written since
 * the last successful open are decoded first; a damaged one is moved to the `quarantine` table
 * (kept, never deleted) and the rest opens.
 */
export async function openLocalDoc(db: SejawatDb, name: DocName): Promise<LocalDoc> {
  const room = await db.rooms.get(name);
  let quarantined = await checkStoredUpdates(db, name, room?.checkedUpTo ?? 0);
  let opened = await loadWithWatchdog(name);
  if (!opened) {
    quarantined += await checkStoredUpdates(db, name, 0);
    opened = await loadWithWatchdog(name);
    if (!opened) throw new Error(`local document ${name} could not be loaded`);
  }
  const { doc, persistence } = opened;
  // Replayed updates are stored again by y-indexeddb (it persists every update not its own).
  replayUnloadJournal(name, doc);
  const detachJournal = attachUnloadJournal(name, doc);
  return {
    name,
    doc,
    persistence,
    quarantined,
    async close() {
      detachJournal();
      await persistence.destroy();
      doc.destroy();
    },
  };
}

async function loadWithWatchdog(
  name: DocName,
): Promise<{ doc: Y.Doc; persistence: IndexeddbPersistence } | undefined> {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(name, doc);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), LOAD_WATCHDOG_MS);
  });
  const loaded = await Promise.race([persistence.whenSynced.then(() => true), timedOut]);
  clearTimeout(timer);
  if (loaded) return { doc, persistence };
  await persistence.destroy();
  doc.destroy();
  return undefined;
}

/** Decodes every stored record with a key above `afterKey`; sets damaged ones aside. */
async function checkStoredUpdates(db: SejawatDb, name: DocName, afterKey: number): Promise<number> {
  const database = await idb.openDB(name, (d) =>
    idb.createStores(d, [[UPDATES_STORE, { autoIncrement: true }], ['custom']]),
  );
  try {
    const [store] = idb.transact(database, [UPDATES_STORE], 'readonly');
    const records = await idb.getAllKeysValues(store!, idb.createIDBKeyRangeLowerBound(afterKey, true));
    const damaged: Array<{ k: IDBValidKey; v: unknown; reason: string }> = [];
    let lastKey = afterKey;
    for (const { k, v } of records) {
      if (typeof k === 'number') lastKey = Math.max(lastKey, k);
      const reason = damageOf(v);
      if (reason) damaged.push({ k, v, reason });
    }
    for (const { k, v, reason } of damaged) {
      await db.quarantine.add({ doc: name, data: asBytes(v), reason, at: Date.now() });
      const [rw] = idb.transact(database, [UPDATES_STORE], 'readwrite');
      await idb.del(rw!, k as number);
      console.warn(`[sejawat:store] set aside a damaged record of ${name}: ${reason}`);
    }
    await db.rooms.update(name, { checkedUpTo: lastKey });
    return damaged.length;
  } finally {
    database.close();
  }
}

function damageOf(value: unknown): string | undefined {
  if (!(value instanceof Uint8Array)) return 'not a binary update';
  try {
    Y.decodeUpdate(value);
    return undefined;
  } catch (error) {
    return `undecodable update: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function asBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  return new TextEncoder().encode(JSON.stringify(value ?? null));
}
