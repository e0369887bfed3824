import { describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en';
import { id } from '../../../src/i18n/id';
import { setLocale, t } from '../../../src/i18n';

describe('every string the teacher sees exists in both languages', () => {
  it('English has exactly the Indonesian keys, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
    for (const [key, value] of [...Object.entries(id), ...Object.entries(en)]) {
      expect(value.trim(), key).not.toBe('');
    }
  });

  it('placeholders match between the two languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(id) as Array<keyof typeof id>) {
      expect(names(en[key]), key).toEqual(names(id[key]));
    }
  });

  it('Bahasa Indonesia is the default, English loads when chosen, and parameters are filled in', async () => {
    expect(t('status.synced')).toBe('Tersinkron');
    expect(t('journal.greeting', { name: 'Bu Sari' })).toBe('Halo, Bu Sari');
    await setLocale('en');
    expect(t('status.synced')).toBe('Synced');
    await setLocale('id');
    expect(t('status.synced')).toBe('Tersinkron');
  });
});
