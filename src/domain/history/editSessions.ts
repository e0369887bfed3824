/**
 * When a teacher has finished editing a text: her editing session on it ends when she leaves the
 * field, leaves the screen, hides the app, or types nothing in it for `idleMs`. Pure bookkeeping
 * with the time passed in, so the debounce is tested without waiting; the app drives it with a
 * timer and records a version of each text whose session ended (`recordVersion`).
 */
export const SESSION_IDLE_MS = 45_000;

export class EditSessions {
  private readonly lastEdit = new Map<string, number>();

  constructor(private readonly idleMs = SESSION_IDLE_MS) {}

  /** She changed the text at `path` at `now`: opens its session or keeps it open. */
  edited(path: string, now: number): void {
    this.lastEdit.set(path, now);
  }

  /** Whether a session on `path` is open (edited, not yet ended). */
  isOpen(path: string): boolean {
    return this.lastEdit.has(path);
  }

  /** Ends the session on `path` (she left the field); true when there was one. */
  end(path: string): boolean {
    return this.lastEdit.delete(path);
  }

  /** Ends every session (she left the screen or hid the app); the paths that had one. */
  endAll(): string[] {
    const paths = [...this.lastEdit.keys()];
    this.lastEdit.clear();
    return paths;
  }

  /** Ends and returns the sessions idle for `idleMs` at `now`. */
  endIdle(now: number): string[] {
    const ended: string[] = [];
    for (const [path, at] of this.lastEdit) {
      if (now - at >= this.idleMs) ended.push(path);
    }
    for (const path of ended) this.lastEdit.delete(path);
    return ended;
  }

  /** When the next session becomes idle, or undefined when none is open. */
  nextIdleAt(): number | undefined {
    let next: number | undefined;
    for (const at of this.lastEdit.values()) next = Math.min(next ?? Infinity, at + this.idleMs);
    return next;
  }
}
