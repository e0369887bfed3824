import { describe, expect, it } from 'vitest';
import { DocKind, newDocName, newRoomKey } from '../../../src/domain/ids';
import { decodeRecoveryCode, encodeRecoveryCode } from '../../../src/sync/recoveryCode';

const doc = newDocName(DocKind.PERSONAL);
const key = newRoomKey();
const code = encodeRecoveryCode(doc, key);

describe('the recovery code', () => {
  it('is sixteen groups of four unambiguous characters and gives back her document and key', () => {
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){15}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(decodeRecoveryCode(code)).toEqual({ ok: true, doc, key, corrected: false });
  });

  it('reads it however she types it: lower case, spaces instead of dashes, O for 0 and l for 1', () => {
    const sloppy = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(decodeRecoveryCode(` ${sloppy}\n`)).toEqual({ ok: true, doc, key, corrected: false });
  });

  it('corrects one mistyped character', () => {
    for (const position of [0, 17, 40, code.length - 1]) {
      if (code[position] === '-') continue;
      const wrong = code.slice(0, position) + (code[position] === 'X' ? 'Y' : 'X') + code.slice(position + 1);
      expect(decodeRecoveryCode(wrong)).toEqual({ ok: true, doc, key, corrected: true });
    }
  });

  it('refuses two mistakes, a missing group, stray symbols and an empty field with a reason', () => {
    const twoWrong = `${code[0] === 'A' ? 'B' : 'A'}${code[1] === 'A' ? 'B' : 'A'}${code.slice(2)}`;
    expect(decodeRecoveryCode(twoWrong)).toEqual({ ok: false, problem: 'mistyped' });
    expect(decodeRecoveryCode(code.slice(0, -5))).toEqual({ ok: false, problem: 'mistyped' });
    expect(decodeRecoveryCode(`${code}!`)).toEqual({ ok: false, problem: 'bad-characters' });
    expect(decodeRecoveryCode('  ')).toEqual({ ok: false, problem: 'empty' });
    expect(decodeRecoveryCode('ABCD-1234')).toEqual({ ok: false, problem: 'not-a-code' });
  });

  it('also carries names and keys of other lengths', () => {
    const longDoc = `p-${'a'.repeat(40)}` as typeof doc;
    const longKey = `${'Z'.repeat(60)}_-` as typeof key;
    expect(decodeRecoveryCode(encodeRecoveryCode(longDoc, longKey))).toEqual({ ok: true, doc: longDoc, key: longKey, corrected: false });
  });
});
