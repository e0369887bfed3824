import { join } from 'node:path';
import Database from 'better-sqlite3';

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

/** Parsed log records of a relay process. */
export function logRecords(logs: readonly string[]): Record<string, unknown>[] {
  return logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}
