import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError, JOURNAL_TEXT_FIELDS, SCHEMA_VERSION } from '../../../src/domain';

describe('domain errors and constants', () => {
  it('a refusal carries a machine reason and is recognisable as a DomainError', () => {
    const error = new DomainError('invalid-name', 'a name has 1 to 80 characters');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'DomainError', reason: 'invalid-name' });
    expect(error.message).toBe('a name has 1 to 80 characters');
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(new Error('invalid-name'))).toBe(false);
  });

  it('an error without a message says its reason', () => {
    expect(new DomainError('not-found').message).toBe('not-found');
  });

  it('schema v2 has the six journal text fields in the order the form shows them', () => {
    expect(SCHEMA_VERSION).toBe(2);
    expect(JOURNAL_TEXT_FIELDS).toEqual(['className', 'activity', 'methods', 'actions', 'expected', 'gap']);
  });
});
