import { describe, expect, it } from 'vitest';
import { isIsoDate, isoDateToUtcMs, todayIso } from '../../../src/domain';

describe('lesson dates', () => {
  it.each(['2024-07-15', '2024-02-29', '2000-02-29', '1900-01-01', '2999-12-31'])('%s is a real day', (date) => {
    expect(isIsoDate(date)).toBe(true);
  });

  it.each([
    '2023-02-29', // not a leap year
    '1900-02-29', // century, not a leap year
    '2024-02-30',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-7-15',
    '15-07-2024',
    '2024-07-15T08:00:00Z',
    ' 2024-07-15',
    '1899-12-31',
    '3000-01-01',
    '',
  ])('%j is refused', (date) => {
    expect(isIsoDate(date)).toBe(false);
  });

  it('a date that is not a string is refused', () => {
    expect(isIsoDate(20240715)).toBe(false);
    expect(isIsoDate(undefined)).toBe(false);
    expect(isIsoDate(new Date())).toBe(false);
  });

  it('a day maps to its midnight in UTC', () => {
    expect(isoDateToUtcMs('2024-07-15')).toBe(Date.UTC(2024, 6, 15));
    expect(isoDateToUtcMs('2024-02-30')).toBeUndefined();
  });

  it("today is the teacher's local day, padded", () => {
    expect(todayIso(new Date(2024, 0, 5, 23, 59))).toBe('2024-01-05');
    expect(todayIso(new Date(2024, 11, 31, 0, 0))).toBe('2024-12-31');
    expect(todayIso(new Date(987, 2, 9, 12))).toBe('0987-03-09');
  });

  it('today is always a date the journal accepts', () => {
    expect(isIsoDate(todayIso(new Date()))).toBe(true);
  });
});
