import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffText, transformPosition } from '../../../src/domain/textDiff';

function apply(before: string, after: string, cursor?: number): string {
  const splice = diffText(before, after, cursor);
  if (!splice) return before;
  return before.slice(0, splice.index) + splice.insert + before.slice(splice.index + splice.remove);
}

describe('turning a field edit into one Y.Text splice', () => {
  it('typing at the end is an insert at the end', () => {
    expect(diffText('Anak', 'Anak-anak', 9)).toEqual({ index: 4, remove: 0, insert: '-anak' });
  });

  it('typing a repeated letter before the caret inserts at the caret, not at the end', () => {
    expect(diffText('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
  });

  it('backspace in the middle removes exactly that letter', () => {
    expect(diffText('balok', 'baok', 2)).toEqual({ index: 2, remove: 1, insert: '' });
  });

  it('replacing a selection is one delete plus insert, sharing the unchanged letters', () => {
    // "bermain" → "menyusun": both end in "n", which stays untouched.
    expect(diffText('anak bermain balok', 'anak menyusun balok', 13)).toEqual({
      index: 5,
      remove: 6,
      insert: 'menyusu',
    });
  });

  it('never splits an emoji into broken halves', () => {
    const splice = diffText('😀', '😃', 2)!;
    expect(splice.index).toBe(0);
    expect(splice.insert).toBe('😃');
  });

  it('reconstructs the new text for many random edits', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = 'aab ba😀\n';
    let text = '';
    for (let i = 0; i < 500; i++) {
      const at = Math.floor(rand() * (text.length + 1));
      const removeCount = Math.floor(rand() * 3);
      const insert = Array.from({ length: Math.floor(rand() * 3) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      const next = text.slice(0, at) + insert + text.slice(at + removeCount);
      expect(apply(text, next, at + insert.length)).toBe(next);
      text = next;
    }
  });

  it('no change gives no splice', () => {
    expect(diffText('sama', 'sama', 2)).toBeUndefined();
  });
});

describe('keeping her caret in place when a colleague edits the same field', () => {
  function deltaOf(initial: string, edit: (text: Y.Text) => void) {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, initial);
    let delta: Array<{ insert?: unknown; retain?: number; delete?: number }> = [];
    text.observe((event) => {
      delta = event.delta as typeof delta;
    });
    edit(text);
    return delta;
  }

  it('text inserted before her caret pushes it right', () => {
    const delta = deltaOf('hello world', (t) => t.insert(0, 'Bu Sari: '));
    expect(transformPosition(5, delta)).toBe(14);
  });

  it('text inserted after her caret leaves it where it is', () => {
    const delta = deltaOf('hello world', (t) => t.insert(11, '!'));
    expect(transformPosition(5, delta)).toBe(5);
  });

  it('text inserted exactly at her caret goes after it', () => {
    const delta = deltaOf('hello world', (t) => t.insert(5, ','));
    expect(transformPosition(5, delta)).toBe(5);
  });

  it('a deletion around her caret pulls it to the deletion point', () => {
    const delta = deltaOf('hello world', (t) => t.delete(3, 5));
    expect(transformPosition(5, delta)).toBe(3);
    expect(transformPosition(10, deltaOf('hello world', (t) => t.delete(3, 5)))).toBe(5);
  });
});
