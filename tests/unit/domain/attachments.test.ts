import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addAttachment,
  attachmentsOf,
  AttachmentTarget,
  blobTypeOf,
  copyAttachments,
  listAttachments,
  readAttachment,
  referencedHashes,
  removeAttachment,
} from '../../../src/domain/attachments';
import { DomainError } from '../../../src/domain/personal/DomainError';
import type { RecordId } from '../../../src/domain/ids';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const TRIAL = 'trial00000000001' as RecordId;
const photo = { hash: HASH_A, type: 'image/webp', size: 150_000, width: 1280, height: 960, addedBy: 'member0000000001', addedAt: 10 } as const;

describe('attachment references', () => {
  it('are listed per record, oldest first, and removable', () => {
    const doc = new Y.Doc();
    addAttachment(doc, AttachmentTarget.TRIAL, TRIAL, { ...photo, hash: HASH_B, addedAt: 20 });
    addAttachment(doc, AttachmentTarget.TRIAL, TRIAL, photo);
    addAttachment(doc, AttachmentTarget.MEETING, TRIAL, { ...photo, type: 'audio/webm', durationMs: 30_000, width: undefined, height: undefined });
    expect(listAttachments(doc, AttachmentTarget.TRIAL, TRIAL).map((r) => r.hash)).toEqual([HASH_A, HASH_B]);
    expect(listAttachments(doc, AttachmentTarget.MEETING, TRIAL)).toEqual([
      { target: 'meeting', recordId: TRIAL, hash: HASH_A, type: 'audio/webm', size: 150_000, durationMs: 30_000, addedBy: photo.addedBy, addedAt: 10 },
    ]);
    expect(referencedHashes(doc)).toEqual(new Set([HASH_A, HASH_B]));
    removeAttachment(doc, AttachmentTarget.TRIAL, TRIAL, HASH_A);
    expect(listAttachments(doc, AttachmentTarget.TRIAL, TRIAL).map((r) => r.hash)).toEqual([HASH_B]);
  });

  it('two phones attaching at once both keep their photo', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    addAttachment(a, AttachmentTarget.TRIAL, TRIAL, photo);
    addAttachment(b, AttachmentTarget.TRIAL, TRIAL, { ...photo, hash: HASH_B });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(listAttachments(a, AttachmentTarget.TRIAL, TRIAL)).toHaveLength(2);
    expect(listAttachments(b, AttachmentTarget.TRIAL, TRIAL)).toEqual(listAttachments(a, AttachmentTarget.TRIAL, TRIAL));
  });

  it('the hash appears verbatim in the encoded document (what the relay checks)', () => {
    const doc = new Y.Doc();
    addAttachment(doc, AttachmentTarget.TRIAL, TRIAL, photo);
    expect(Buffer.from(Y.encodeStateAsUpdate(doc)).includes(Buffer.from(HASH_A))).toBe(true);
  });

  it('damaged references are skipped, never thrown; bad optional facts are dropped', () => {
    const doc = new Y.Doc();
    const map = attachmentsOf(doc);
    const key = `trial:${TRIAL}:${HASH_A}`;
    map.set(`trial:${TRIAL}:${'c'.repeat(64)}`, 'not an object');
    map.set(`trial:${TRIAL}:${'d'.repeat(64)}`, { ...photo, target: 'trial', recordId: TRIAL, hash: 'd'.repeat(64), type: 'text/html' });
    map.set(`trial:${TRIAL}:${'e'.repeat(64)}`, { ...photo, target: 'trial', recordId: TRIAL }); // key and hash differ
    map.set(`trial:${TRIAL}:${'f'.repeat(64)}`, new Y.Map());
    map.set(key, { ...photo, target: 'trial', recordId: TRIAL, width: -3, caption: 42 });
    expect(listAttachments(doc, AttachmentTarget.TRIAL, TRIAL)).toEqual([
      { target: 'trial', recordId: TRIAL, hash: HASH_A, type: 'image/webp', size: 150_000, addedBy: photo.addedBy, addedAt: 10 },
    ]);
    expect(readAttachment(key, null)).toBeUndefined();
    expect(readAttachment(key, [1, 2])).toBeUndefined();
  });

  it('refuses to write a reference that would not read back', () => {
    const doc = new Y.Doc();
    expect(() => addAttachment(doc, AttachmentTarget.TRIAL, TRIAL, { ...photo, hash: 'XYZ' })).toThrow(DomainError);
    expect(() => addAttachment(doc, AttachmentTarget.TRIAL, TRIAL, { ...photo, size: 0 })).toThrow(/invalid attachment|not a valid/);
    expect(() => addAttachment(doc, AttachmentTarget.TRIAL, TRIAL, { ...photo, caption: 'x'.repeat(201) })).toThrow(DomainError);
    expect(attachmentsOf(doc).size).toBe(0);
  });

  it('copying onto a shared problem keeps the facts and names who shared', () => {
    const personal = new Y.Doc();
    const community = new Y.Doc();
    addAttachment(personal, AttachmentTarget.ENTRY, TRIAL, { ...photo, caption: 'Sudut baca' });
    const copied = copyAttachments(community, AttachmentTarget.PROBLEM, 'problem000000001' as RecordId, listAttachments(personal, AttachmentTarget.ENTRY, TRIAL), 'member0000000002');
    expect(copied).toEqual([{ ...photo, caption: 'Sudut baca', target: 'problem', recordId: 'problem000000001', addedBy: 'member0000000002' }]);
  });

  it('recorder types map to the allow-list', () => {
    expect(blobTypeOf('audio/webm;codecs=opus')).toBe('audio/webm');
    expect(blobTypeOf('IMAGE/JPEG')).toBe('image/jpeg');
    expect(blobTypeOf('image/svg+xml')).toBeUndefined();
  });
});
