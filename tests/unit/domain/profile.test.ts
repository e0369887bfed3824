import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getProfileName, PROFILE_NAME_MAX, setProfileName } from '../../../src/domain';

describe('the teacher profile', () => {
  it('a new document has no name yet', () => {
    expect(getProfileName(new Y.Doc())).toBeUndefined();
  });

  it('a name is stored trimmed, with the time it was set', () => {
    const doc = new Y.Doc();
    setProfileName(doc, '  Bu Sari Wulandari \n', 1_720_000_000_000);
    expect(getProfileName(doc)).toBe('Bu Sari Wulandari');
    expect(doc.getMap('profile').get('updatedAt')).toBe(1_720_000_000_000);
  });

  it('setting a name is one transaction', () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on('update', () => updates++);
    setProfileName(doc, 'Bu Sari', 1);
    expect(updates).toBe(1);
  });

  it('a name of 80 characters is accepted, counting an emoji or accented letter as one', () => {
    const doc = new Y.Doc();
    const name = `${'é'.repeat(PROFILE_NAME_MAX - 1)}🌱`;
    setProfileName(doc, name, 1);
    expect(getProfileName(doc)).toBe(name);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   \t '],
    ['81 characters', 'a'.repeat(81)],
    ['a line break inside', 'Bu\nSari'],
    ['a NUL character', 'Bu\u0000Sari'],
  ])('a name that is %s is refused and the old name kept', (_label, name) => {
    const doc = new Y.Doc();
    setProfileName(doc, 'Bu Sari', 1);
    expect(() => setProfileName(doc, name, 2)).toThrow(expect.objectContaining({ reason: 'invalid-name' }));
    expect(getProfileName(doc)).toBe('Bu Sari');
    expect(doc.getMap('profile').get('updatedAt')).toBe(1);
  });

  it('a name that another tool stored as a number or blank is not shown', () => {
    const doc = new Y.Doc();
    doc.getMap('profile').set('name', 42);
    expect(getProfileName(doc)).toBeUndefined();
    doc.getMap('profile').set('name', '   ');
    expect(getProfileName(doc)).toBeUndefined();
  });

  it('the name a teacher typed on one phone appears on her other phone', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    setProfileName(a, 'Bu Sari', 1);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(getProfileName(b)).toBe('Bu Sari');
  });
});
