/**
 * Short invite codes a facilitator reads aloud: 8 characters from a 32-letter alphabet without the
 * look-alikes 0/O and 1/I, i.e. 40 random bits. Only SHA-256 of the normalised code is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { INVITE_CODE_ALPHABET, INVITE_CODE_LENGTH } from '../../src/domain/protocol.ts';

const CODE_PATTERN = new RegExp(`^[${INVITE_CODE_ALPHABET}]{${INVITE_CODE_LENGTH}}$`);

/** A new code from the CSPRNG. The alphabet has 32 letters, so `byte & 31` is unbiased. */
export function newInviteCode(): string {
  let code = '';
  for (const byte of randomBytes(INVITE_CODE_LENGTH)) code += INVITE_CODE_ALPHABET[byte & 31];
  return code;
}

/** What a teacher typed or heard: case, spaces and dashes do not matter (`abcd-efgh`). */
export function normaliseInviteCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '');
}

/** Whether a normalised code could have been issued (anything else cannot exist: not found). */
export function isInviteCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}

export function hashInviteCode(code: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(code, 'utf8').digest());
}
