/**
 * Invite codes and the API's words: codes a facilitator can read aloud, and error messages a
 * teacher can read.
 */
import { describe, expect, it } from 'vitest';
import { INVITE_CODE_ALPHABET, INVITE_CODE_LENGTH, RelayApiReason } from '../../src/domain/protocol.ts';
import { API_MESSAGES, API_STATUS } from '../../sync-server/api/ApiError.ts';
import { hashInviteCode, isInviteCode, newInviteCode, normaliseInviteCode } from '../../sync-server/api/inviteCode.ts';

describe('invite codes', () => {
  it('the alphabet has 32 letters without 0, O, 1 or I, so a code is 40 bits', () => {
    expect(new Set(INVITE_CODE_ALPHABET).size).toBe(32);
    expect(INVITE_CODE_ALPHABET).not.toMatch(/[0O1I]/);
    expect(INVITE_CODE_LENGTH * Math.log2(INVITE_CODE_ALPHABET.length)).toBe(40);
  });

  it('new codes are 8 letters of the alphabet, every letter used, and do not repeat', () => {
    const codes = Array.from({ length: 2000 }, newInviteCode);
    for (const code of codes) expect(isInviteCode(code)).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(codes.join(''))).toEqual(new Set(INVITE_CODE_ALPHABET));
  });

  it('what a teacher types is normalised: case, spaces and dashes do not matter', () => {
    expect(normaliseInviteCode('abcd-efgh')).toBe('ABCDEFGH');
    expect(normaliseInviteCode(' Ab Cd - Ef Gh ')).toBe('ABCDEFGH');
    expect(hashInviteCode(normaliseInviteCode('abcd efgh'))).toEqual(hashInviteCode('ABCDEFGH'));
  });

  it('a code with a letter that is never issued, or of the wrong length, cannot exist', () => {
    expect(isInviteCode('ABCDEFG0')).toBe(false);
    expect(isInviteCode('ABCDEFGI')).toBe(false);
    expect(isInviteCode('ABCDEFG')).toBe(false);
    expect(isInviteCode('ABCDEFGHJ')).toBe(false);
  });
});

describe('API error words', () => {
  it('every reason has a status and an Indonesian sentence, never the bare reason', () => {
    for (const reason of Object.values(RelayApiReason)) {
      expect(API_STATUS[reason]).toBeGreaterThanOrEqual(400);
      const message = API_MESSAGES[reason];
      expect(message).toMatch(/^[A-Z].*[.!]$/);
      expect(message).not.toContain(reason);
      // A cheap guard against English slipping in.
      expect(message).not.toMatch(/\b(the|is|not|please|invalid|error)\b/i);
    }
  });
});
