import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initCommunityDoc, listGroups, listMeetings, listMembers, validateCommunityDoc } from '../../../src/domain';
import { makeCommunityYear } from '../../fixtures/makeCommunityYear';

describe('a community after a school year (the fixture behind the size figures)', () => {
  it('is a valid document that reopens with every member, group and meeting', () => {
    const { doc } = makeCommunityYear({ meetings: 40 });
    const reopened = new Y.Doc();
    Y.applyUpdate(reopened, Y.encodeStateAsUpdate(doc));
    initCommunityDoc(reopened, Date.now());
    expect(validateCommunityDoc(reopened)).toEqual([]);
    expect(listMembers(reopened)).toHaveLength(25);
    expect(listGroups(reopened).map((g) => g.memberIds.length)).toEqual([5, 5, 5, 5, 5]);
    const meetings = listMeetings(reopened);
    expect(meetings).toHaveLength(40);
    expect(meetings.every((m) => m.presentCount >= 20 && m.presentCount < 25)).toBe(true);
  });
});
