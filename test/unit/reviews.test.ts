import { describe, expect, it } from 'vitest';
import { defaultReviewYear, isVerdict, overdueReviewYear, reviewDeadline, sheetName } from '../../src/domain/reviews.js';

describe('the year-end review’s rules', () => {
  it('chases last year’s verdicts from February on, and only last year’s', () => {
    expect(reviewDeadline(2026)).toBe('2027-01-31');
    expect(overdueReviewYear('2027-01-31')).toBeNull();
    expect(overdueReviewYear('2027-02-01')).toBe(2026);
    expect(overdueReviewYear('2027-12-31')).toBe(2026);
    expect(overdueReviewYear('2028-01-15')).toBeNull();
  });

  it('reviews this year from July, last year before', () => {
    expect(defaultReviewYear('2026-12-04')).toBe(2026);
    expect(defaultReviewYear('2026-07-01')).toBe(2026);
    expect(defaultReviewYear('2027-01-10')).toBe(2026);
    expect(defaultReviewYear('2027-06-30')).toBe(2026);
  });

  it('knows its three verdicts', () => {
    expect(['met', 'partly_met', 'not_met'].every(isVerdict)).toBe(true);
    expect(isVerdict('great')).toBe(false);
    expect(isVerdict(undefined)).toBe(false);
  });

  it('names sheets within Excel’s rules: 31 characters, no : \\ / ? * [ ], unique whatever the case', () => {
    const taken = new Set(['review']);
    expect(sheetName('NJ-2016-01', taken)).toBe('NJ-2016-01');
    expect(sheetName('nj-2016-01', taken)).toBe('nj-2016-01~2');
    expect(sheetName('REVIEW', taken)).toBe('REVIEW~2');
    const long = 'JS-2026-H2-DUAL-REPORT-ROUND.JS-NJ-XW';
    const first = sheetName(long, taken);
    const second = sheetName(`${long}-2`, taken);
    expect(first).toHaveLength(31);
    expect(second).toHaveLength(31);
    expect(second).not.toBe(first);
    expect(sheetName('a:b/c?d*e[f]g\\h', taken)).toBe('a_b_c_d_e_f_g_h');
  });
});
