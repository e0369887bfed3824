import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UpdateBatcher } from '../../../src/sync/updateBatch';
import { manualClock } from './manualClock';

const timing = { idleMs: 300, maxWaitMs: 1_000 };

/** A document she types into, key by key; the batcher is fed its updates like DocSync does. */
function typing() {
  const clock = manualClock();
  const sent: Uint8Array[] = [];
  const batcher = new UpdateBatcher((update) => sent.push(update), { schedule: clock.schedule, timing });
  const doc = new Y.Doc();
  doc.on('update', (update: Uint8Array) => batcher.add(update));
  const text = doc.getText('entry');
  const type = (chars: string) => text.insert(text.length, chars);
  /** What a relay that applied everything sent so far holds. */
  const relayText = () => {
    const relay = new Y.Doc();
    for (const update of sent) Y.applyUpdate(relay, update);
    return relay.getText('entry').toString();
  };
  return { clock, sent, batcher, type, relayText };
}

describe('UpdateBatcher', () => {
  it('sends a burst of keys as one merged update once she pauses', () => {
    const { clock, sent, type, relayText } = typing();
    for (const key of 'Anak') {
      type(key);
      clock.advance(100);
    }
    expect(sent).toHaveLength(0);
    clock.advance(200); // 300 ms since the last key
    expect(sent).toHaveLength(1);
    expect(relayText()).toBe('Anak');
    expect(clock.pending).toBe(0);
  });

  it('sends at the latest maxWaitMs after the first unsent key while she keeps typing', () => {
    const { clock, sent, type, relayText } = typing();
    const phrase = 'Budi menyusun balok tinggi sekali';
    for (const key of phrase) {
      type(key);
      clock.advance(150); // never a 300 ms pause
    }
    // 33 keys over ~5 s: about one frame a second, not 33.
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(sent.length).toBeLessThanOrEqual(5);
    clock.advance(300);
    expect(relayText()).toBe(phrase);
  });

  it('flush sends what waits at once, and nothing when nothing waits', () => {
    const { clock, sent, batcher, type, relayText } = typing();
    type('a');
    type('b');
    batcher.flush();
    expect(sent).toHaveLength(1);
    expect(relayText()).toBe('ab');
    expect(batcher.hasPending).toBe(false);
    batcher.flush();
    clock.advance(5_000);
    expect(sent).toHaveLength(1);
  });

  it('discard forgets what waits and its timers', () => {
    const { clock, sent, batcher, type } = typing();
    type('x');
    batcher.discard();
    clock.advance(5_000);
    expect(sent).toHaveLength(0);
    expect(clock.pending).toBe(0);
  });

  it('a merged batch is smaller than its updates sent one by one', () => {
    const { clock, sent, type } = typing();
    const single: Uint8Array[] = [];
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => single.push(update));
    const text = doc.getText('entry');
    for (const key of 'Hari ini kami bermain di luar') {
      type(key);
      text.insert(text.length, key);
    }
    clock.advance(300);
    expect(sent).toHaveLength(1);
    const separate = single.reduce((sum, update) => sum + update.length, 0);
    // ~0.5 here: each key still is its own item, but the update headers are shared.
    expect(sent[0]!.length).toBeLessThan(separate * 0.75);
  });
});
