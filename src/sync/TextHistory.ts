import type * as Y from 'yjs';
import { EditSessions } from '../domain/history/editSessions';
import { RESTORE_ORIGIN, restoreText } from '../domain/history/restore';
import { textPath } from '../domain/history/textPath';
import { listVersions, recordVersion, type TextVersion } from '../domain/history/versions';
import type { RecordId } from '../domain/ids';
import type { SyncedDoc } from './SyncedDoc';

interface PendingVersion {
  path: string;
  text: string;
  at: number;
}

/**
 * Version history of one community's shared texts on this phone (docs/SCHEMA.md, "History
 * document"): watches her edits of the texts on screen, and when an editing session ends records
 * the text, by her, in the companion history document.
 *
 * The history document is opened only when needed: when she opens *Riwayat*, or in the background
 * once she has started editing a text (so that when the session ends the version is written at
 * once, into an open document whose last updates the unload journal protects). Screens that are
 * only read never open it.
 */
export class TextHistory {
  private readonly sessions: EditSessions;
  private readonly texts = new Map<string, Y.Text>();
  private readonly pending: PendingVersion[] = [];
  private opened: Promise<SyncedDoc> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly me: RecordId,
    private readonly openDoc: () => Promise<SyncedDoc>,
    private readonly options: { now?: () => number; idleMs?: number } = {},
  ) {
    this.sessions = new EditSessions(options.idleMs);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The history document, opened on first use (from IndexedDB, then synced). */
  doc(): Promise<SyncedDoc> {
    if (!this.opened) {
      this.opened = this.openDoc();
      this.opened.catch(() => (this.opened = undefined));
    }
    return this.opened;
  }

  /** The address of a shared text, or undefined when it has no history (not in a map). */
  pathOf(text: Y.Text): string | undefined {
    return textPath(text);
  }

  /** Watches her own edits of `text`; the returned function stops (ending its session). */
  track(text: Y.Text): () => void {
    const path = textPath(text);
    if (!path) return () => {};
    const onChange = (_event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (!transaction.local || transaction.origin === RESTORE_ORIGIN) return;
      if (!this.sessions.isOpen(path)) void this.doc().catch(() => {}); // ready when the session ends
      this.sessions.edited(path, this.now());
      this.schedule();
    };
    this.texts.set(path, text);
    text.observe(onChange);
    return () => {
      text.unobserve(onChange);
      this.endSession(path);
      if (this.texts.get(path) === text) this.texts.delete(path);
    };
  }

  /** She left the field. */
  endSession(path: string): void {
    if (this.sessions.end(path)) this.capture(path);
  }

  /** She left the screen or hid the app. */
  endAll(): void {
    for (const path of this.sessions.endAll()) this.capture(path);
  }

  /** Versions of the text at `path`, newest first (opens the history document). */
  async versions(path: string): Promise<TextVersion[]> {
    return listVersions((await this.doc()).local.doc, path);
  }

  /** Makes the live text read as `version` (one splice that merges) and records the restore. */
  async restore(text: Y.Text, version: TextVersion): Promise<void> {
    const path = textPath(text);
    if (!path) return;
    this.endSession(path); // what she typed before the restore stays in the history
    restoreText(text, version.text);
    const history = await this.doc();
    recordVersion(history.local.doc, { path, text: version.text, by: this.me, at: this.now(), restoredFrom: version.at });
  }

  /** Flushes what is pending and stops the idle timer (the community is closing). */
  dispose(): void {
    this.endAll();
    clearTimeout(this.timer);
  }

  private capture(path: string): void {
    const text = this.texts.get(path);
    if (!text) return;
    this.pending.push({ path, text: text.toString(), at: this.now() });
    void this.flush();
  }

  private async flush(): Promise<void> {
    let history: SyncedDoc;
    try {
      history = await this.doc();
    } catch {
      return; // kept in `pending`; the next session's end tries again
    }
    if (history.newerSchema) return;
    for (const version of this.pending.splice(0)) {
      recordVersion(history.local.doc, { ...version, by: this.me });
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const next = this.sessions.nextIdleAt();
    if (next === undefined) return;
    this.timer = setTimeout(() => {
      for (const path of this.sessions.endIdle(this.now())) this.capture(path);
      this.schedule();
    }, Math.max(0, next - this.now()));
  }
}
