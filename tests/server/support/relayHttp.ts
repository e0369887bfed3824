import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';

export interface Health {
  ok: boolean;
  rooms: number;
  connections: number;
  loadedRoomsBytes: number;
  uptimeSeconds: number;
}

export async function healthz(baseUrl: string): Promise<Health> {
  const res = await fetch(`${baseUrl}/healthz`);
  if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
  return (await res.json()) as Health;
}

/** Stored rows of `doc`, read from the relay's SQLite file without writing to it. */
export function countStoredRows(dataDir: string, doc: string): number {
  const db = new Database(join(dataDir, 'sejawat.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM updates WHERE doc = ?').get(doc) as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * `doc` as the relay's SQLite file holds it right now (what is durably stored, not what the relay
 * has in memory), read without writing to it.
 */
export function readStoredDoc(dataDir: string, doc: string): Y.Doc {
  const db = new Database(join(dataDir, 'sejawat.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const ydoc = new Y.Doc();
    const rows = db.prepare('SELECT data FROM updates WHERE doc = ? ORDER BY seq').all(doc) as Array<{ data: Uint8Array }>;
    Y.transact(ydoc, () => rows.forEach((row) => Y.applyUpdate(ydoc, row.data)));
    return ydoc;
  } finally {
    db.close();
  }
}

/** Parsed log records of a relay process. */
export function logRecords(logs: readonly string[]): Record<string, unknown>[] {
  return logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}
