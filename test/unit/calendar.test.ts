import chineseDays from 'chinese-days';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addDays,
  chineseWorkday,
  daysBetween,
  weekday,
  WorkCalendar,
  type CalendarDay,
} from '../../src/domain/calendar.js';

// The dates below are the State Council's holiday notices for 2016 (the seed's year) and 2026, as
// chinese-days 1.5.x has them. 2026: 元旦 Jan 1–3 (Sun Jan 4 worked); 春节 Feb 15–23 (Sat Feb 14 and
// Sat Feb 28 worked); 劳动节 May 1–5 (Sat May 9 worked); 中秋 Sep 25–27; 国庆 Oct 1–7 (Sun Sep 20 and
// Sat Oct 10 worked). 2016: 春节 Feb 7–13 (Sat Feb 6 and Sun Feb 14 worked); 端午 Jun 9–11 (Sun Jun 12
// worked); 中秋 Sep 15–17 (Sun Sep 18 worked); 国庆 Oct 1–7 (Sat Oct 8 and Sun Oct 9 worked).
//
// The package knows no 2027 days yet (the notice is published in November of the year before), so
// for 2027 the documented behaviour is the plain rule: weekdays working, weekends off — New Year's
// Day 2027 and the 2027 Spring Festival count as working days until the package is updated or an
// admin adds them as overrides. These rows must be revised when the package learns 2027.

const calendar = new WorkCalendar();

describe('date arithmetic', () => {
  it.each([
    ['a day later', '2026-03-10', 1, '2026-03-11'],
    ['a day earlier', '2026-03-10', -1, '2026-03-09'],
    ['into a leap day', '2016-02-28', 1, '2016-02-29'],
    ['over a year end', '2026-12-31', 1, '2027-01-01'],
    ['zero days', '2026-10-01', 0, '2026-10-01'],
  ] as const)('addDays: %s', (_name, date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it.each([
    ['the same day', '2026-03-10', '2026-03-10', 0],
    ['a leap year', '2016-01-01', '2017-01-01', 366],
    ['an ordinary year', '2026-01-01', '2027-01-01', 365],
    ['backwards', '2026-03-10', '2026-03-01', -9],
  ] as const)('daysBetween: %s', (_name, from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });

  it.each([
    ['2026-03-09', 1, 'Monday'],
    ['2026-10-01', 4, 'Thursday'],
    ['2026-03-15', 7, 'Sunday'],
    ['2016-02-29', 1, 'Monday'],
    ['2001-01-01', 1, 'Monday (the biweekly epoch)'],
  ] as const)('weekday(%s) is %i (%s)', (date, expected, _day) => {
    expect(weekday(date)).toBe(expected);
  });
});

describe('working days from the Chinese calendar', () => {
  it.each([
    // 2016
    ['2016-03-15', true, 'an ordinary Tuesday'],
    ['2016-03-19', false, 'an ordinary Saturday'],
    ['2016-03-20', false, 'an ordinary Sunday'],
    ['2016-01-01', false, '元旦 (a Friday)'],
    ['2016-02-06', true, 'a Saturday worked before the Spring Festival (调休)'],
    ['2016-02-08', false, 'Spring Festival, 初一 (a Monday)'],
    ['2016-02-12', false, 'Spring Festival, last weekday'],
    ['2016-02-13', false, 'Spring Festival, its Saturday'],
    ['2016-02-14', true, 'a Sunday worked after the Spring Festival (调休)'],
    ['2016-02-15', true, 'the Monday after the Spring Festival'],
    ['2016-06-12', true, 'a Sunday worked after 端午 (调休)'],
    ['2016-09-18', true, 'a Sunday worked after 中秋 (调休)'],
    ['2016-10-03', false, 'National Day, its Monday'],
    ['2016-10-07', false, 'National Day, its last day (a Friday)'],
    ['2016-10-08', true, 'a Saturday worked after National Day (调休)'],
    ['2016-10-09', true, 'a Sunday worked after National Day (调休)'],
    ['2016-10-10', true, 'the Monday after National Day'],
    // 2026
    ['2026-03-10', true, 'an ordinary Tuesday'],
    ['2026-03-14', false, 'an ordinary Saturday'],
    ['2026-03-15', false, 'an ordinary Sunday'],
    ['2026-01-01', false, '元旦 (a Thursday)'],
    ['2026-01-02', false, '元旦, the Friday after it'],
    ['2026-01-04', true, 'a Sunday worked after 元旦 (调休)'],
    ['2026-02-13', true, 'the Friday before the Spring Festival'],
    ['2026-02-14', true, 'a Saturday worked before the Spring Festival (调休)'],
    ['2026-02-16', false, 'Spring Festival, 除夕 (a Monday)'],
    ['2026-02-20', false, 'Spring Festival, a Friday'],
    ['2026-02-23', false, 'Spring Festival, its last day (a Monday)'],
    ['2026-02-24', true, 'the Tuesday after the Spring Festival'],
    ['2026-02-28', true, 'a Saturday worked after the Spring Festival (调休)'],
    ['2026-05-01', false, '劳动节 (a Friday)'],
    ['2026-05-05', false, '劳动节, its last day (a Tuesday)'],
    ['2026-05-09', true, 'a Saturday worked after 劳动节 (调休)'],
    ['2026-09-20', true, 'a Sunday worked before National Day (调休)'],
    ['2026-09-25', false, '中秋 (a Friday)'],
    ['2026-10-01', false, 'National Day (a Thursday)'],
    ['2026-10-05', false, 'National Day, its Monday'],
    ['2026-10-07', false, 'National Day, its last day (a Wednesday)'],
    ['2026-10-08', true, 'the Thursday after National Day'],
    ['2026-10-10', true, 'a Saturday worked after National Day (调休)'],
    ['2026-10-11', false, 'the Sunday after National Day'],
    // 2027, not in the package yet: the plain weekday rule (see the note at the top)
    ['2027-01-01', true, '2027: a Friday (元旦, not known yet)'],
    ['2027-01-02', false, '2027: a Saturday'],
    ['2027-01-03', false, '2027: a Sunday'],
    ['2027-02-08', true, '2027: a Monday (Spring Festival week, not known yet)'],
    ['2027-10-01', true, '2027: a Friday (National Day, not known yet)'],
    ['2027-10-02', false, '2027: a Saturday'],
  ] as const)('%s is working: %s (%s)', (date, working, _why) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
    expect(chineseWorkday(date)).toBe(working);
  });

  // chinese-days builds its tables when it is loaded, keyed in the process's time zone as it was then:
  // started west of UTC, the package itself answers a day off (see calendar.ts), so its own answers
  // are only compared here when it was loaded at or east of UTC.
  const loadedWestOfUtc = [0, 6].some((month) => new Date(Date.UTC(2026, month, 1)).getTimezoneOffset() > 0);
  const days = [2016, 2026, 2027].flatMap((year) => {
    const out: string[] = [];
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) out.push(d);
    return out;
  });

  describe.skipIf(loadedWestOfUtc)('what the package itself says', () => {
    it('it knows the 2016 and 2026 holidays listed above, and nothing of 2027', () => {
      expect(chineseDays.getHolidaysInRange('2026-10-01', '2026-10-31', false)).toEqual([
        '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
      ]);
      expect(chineseDays.getHolidaysInRange('2016-02-01', '2016-02-29', false)).toEqual([
        '2016-02-07', '2016-02-08', '2016-02-09', '2016-02-10', '2016-02-11', '2016-02-12', '2016-02-13',
      ]);
      expect(chineseDays.getHolidaysInRange('2027-01-01', '2027-12-31', false)).toEqual([]);
    });

    it('it knows the adjusted working weekends (调休) listed above, and none of 2027', () => {
      const workedWeekends = (year: number) =>
        chineseDays.getWorkdaysInRange(`${year}-01-01`, `${year}-12-31`, true).filter((d) => weekday(d) >= 6);
      expect(workedWeekends(2016)).toEqual(['2016-02-06', '2016-02-14', '2016-06-12', '2016-09-18', '2016-10-08', '2016-10-09']);
      expect(workedWeekends(2026)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
      expect(workedWeekends(2027)).toEqual([]);
      expect(chineseDays.isInLieu('2026-10-06')).toBe(true); // a weekday off in exchange for a worked weekend
      expect(chineseDays.getDayDetail('2026-02-14')).toMatchObject({ work: true, name: expect.stringContaining('春节') });
    });

    it('chineseWorkday agrees with chinese-days on every day of 2016, 2026 and 2027', () => {
      expect(days.filter((d) => chineseWorkday(d) !== chineseDays.isWorkday(d))).toEqual([]);
    });
  });

  describe('independent of the time zone of the process', () => {
    const zone = process.env.TZ;
    afterEach(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });

    // The package's functions read `YYYY-MM-DD` as UTC midnight and take the weekday in the local
    // zone, so west of UTC they move every weekend a day early; the calendar must not.
    it.each(['UTC', 'America/Los_Angeles', 'Pacific/Pago_Pago', 'Pacific/Kiritimati'])(
      'in %s every day of 2016, 2026 and 2027 is as in Asia/Shanghai',
      (tz) => {
        process.env.TZ = 'Asia/Shanghai';
        const reference = days.map(chineseWorkday);
        process.env.TZ = tz;
        expect(days.map(chineseWorkday)).toEqual(reference);
        expect([chineseWorkday('2026-10-10'), chineseWorkday('2026-10-11'), chineseWorkday('2027-01-04')]).toEqual([true, false, true]);
      },
    );
  });
});

describe('nextWorkingDay', () => {
  it.each([
    ['a working day is its own next', '2026-03-10', '2026-03-10'],
    ['an ordinary Saturday → Monday', '2026-03-14', '2026-03-16'],
    ['a worked Saturday is its own next', '2026-02-14', '2026-02-14'],
    ['元旦 2026 → the worked Sunday', '2026-01-01', '2026-01-04'],
    ['Spring Festival 2026, first day → the Tuesday after', '2026-02-15', '2026-02-24'],
    ['Spring Festival 2026, its Friday → the Tuesday after', '2026-02-20', '2026-02-24'],
    ['National Day 2026, first day → Thursday Oct 8', '2026-10-01', '2026-10-08'],
    ['National Day 2026, its Saturday → Thursday Oct 8', '2026-10-03', '2026-10-08'],
    ['National Day 2016 → the worked Saturday Oct 8', '2016-10-01', '2016-10-08'],
    ['Spring Festival 2016 → the worked Sunday Feb 14', '2016-02-07', '2016-02-14'],
    ['the last weekend of 2026 → Monday Dec 28', '2026-12-26', '2026-12-28'],
    ['the first weekend of 2027 → Monday Jan 4', '2027-01-02', '2027-01-04'],
  ] as const)('%s', (_name, date, expected) => {
    expect(calendar.nextWorkingDay(date)).toBe(expected);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['n = 0 on a working day', '2026-09-30', 0, '2026-09-30'],
    ['n = 0 on a holiday is the holiday itself', '2026-10-01', 0, '2026-10-01'],
    ['one day in an ordinary week', '2026-03-10', 1, '2026-03-11'],
    ['Friday + 1 → Monday', '2026-03-13', 1, '2026-03-16'],
    ['across National Day 2026', '2026-09-30', 1, '2026-10-08'],
    ['across National Day 2026, from Tuesday', '2026-09-29', 2, '2026-10-08'],
    ['across National Day 2026, onto the worked Saturday', '2026-09-30', 3, '2026-10-10'],
    ['across National Day 2026, past the worked Saturday', '2026-09-30', 4, '2026-10-12'],
    ['from inside National Day 2026', '2026-10-03', 1, '2026-10-08'],
    ['onto the worked Saturday before the Spring Festival', '2026-02-13', 1, '2026-02-14'],
    ['across the Spring Festival 2026', '2026-02-14', 1, '2026-02-24'],
    ['across the Spring Festival 2026, five days', '2026-02-12', 5, '2026-02-26'],
    ['across the Spring Festival 2016, onto the worked Sunday', '2016-02-06', 1, '2016-02-14'],
    ['across National Day 2016, onto the worked weekend', '2016-09-30', 2, '2016-10-09'],
    ['across National Day 2016', '2016-09-30', 3, '2016-10-10'],
    ['across the year end 2025 → 2026, onto the worked Sunday', '2025-12-31', 1, '2026-01-04'],
    ['across the year end 2026 → 2027 (2027 unknown: Jan 1 counts)', '2026-12-31', 1, '2027-01-01'],
    ['across the year end 2026 → 2027, over the weekend', '2026-12-31', 2, '2027-01-04'],
    ['a week before the year end 2026', '2026-12-25', 5, '2027-01-01'],
  ] as const)('%s: %s + %i → %s', (_name, date, n, expected) => {
    expect(calendar.addWorkingDays(date, n)).toBe(expected);
  });
});

describe('workingDaysBetween (working days d with from < d ≤ to)', () => {
  it.each([
    ['from == to', '2026-03-10', '2026-03-10', 0],
    ['from == to on a holiday', '2026-10-01', '2026-10-01', 0],
    ['from > to', '2026-03-20', '2026-03-10', 0],
    ['the next day', '2026-03-09', '2026-03-10', 1],
    ['Friday → Saturday', '2026-03-13', '2026-03-14', 0],
    ['a full ordinary week', '2026-03-09', '2026-03-16', 5],
    ['entirely inside National Day', '2026-10-01', '2026-10-07', 0],
    ['across National Day 2026', '2026-09-30', '2026-10-08', 1],
    ['across National Day 2026 and its worked Saturday', '2026-09-28', '2026-10-12', 6],
    ['across the Spring Festival 2026', '2026-02-13', '2026-02-24', 2],
    ['across the Spring Festival 2016', '2016-02-05', '2016-02-15', 3],
    ['across the year end 2026', '2026-12-31', '2027-01-04', 2],
  ] as const)('%s: %s → %s is %i', (_name, from, to, expected) => {
    expect(calendar.workingDaysBetween(from, to)).toBe(expected);
  });

  it.each([
    ['2026-09-30', 4],
    ['2026-02-12', 5],
    ['2016-09-30', 3],
    ['2026-12-25', 5],
  ] as const)('inverts addWorkingDays: from %s, %i working days', (from, n) => {
    expect(calendar.workingDaysBetween(from, calendar.addWorkingDays(from, n))).toBe(n);
  });
});

describe('firstWorkingDayIn', () => {
  const springFestival2027: CalendarDay[] = ['2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'].map(
    (date) => ({ date, working: false, name: '春节' }),
  );

  it.each([
    ['an ordinary week: its Monday', new WorkCalendar(), '2026-03-09', '2026-03-15', '2026-03-09'],
    ['the Spring Festival week 2026 is entirely off', new WorkCalendar(), '2026-02-16', '2026-02-22', null],
    ['National Day 2026 itself is entirely off', new WorkCalendar(), '2026-10-01', '2026-10-07', null],
    ['the week after National Day 2026: its Thursday', new WorkCalendar(), '2026-10-05', '2026-10-11', '2026-10-08'],
    ['National Day week 2016: the worked Saturday', new WorkCalendar(), '2016-10-03', '2016-10-09', '2016-10-08'],
    ['Spring Festival week 2016: the worked Sunday', new WorkCalendar(), '2016-02-08', '2016-02-14', '2016-02-14'],
    ['an empty range (from > to)', new WorkCalendar(), '2026-03-15', '2026-03-09', null],
    ['a week made entirely off by overrides (2027)', new WorkCalendar({ overrides: springFestival2027 }), '2027-02-08', '2027-02-14', null],
    ['the same week without the overrides (2027 unknown)', new WorkCalendar(), '2027-02-08', '2027-02-14', '2027-02-08'],
  ] as const)('%s', (_name, cal, from, to, expected) => {
    expect(cal.firstWorkingDayIn(from, to)).toBe(expected);
  });
});

describe('admin overrides beat the base calendar', () => {
  const overridden = new WorkCalendar({
    overrides: [
      { date: '2026-03-10', working: false, name: '公司活动' }, // an ordinary Tuesday marked off
      { date: '2026-03-15', working: true }, // an ordinary Sunday marked working
      { date: '2026-10-07', working: true, name: null }, // a package holiday marked working
      { date: '2026-10-10', working: false }, // a package 调休 Saturday marked off
      { date: '2027-01-01', working: false, name: '元旦' }, // filling in a year the package lacks
    ],
  });

  it.each([
    ['a weekday marked off', '2026-03-10', false],
    ['the weekday after it is untouched', '2026-03-11', true],
    ['a Sunday marked working', '2026-03-15', true],
    ['the Saturday before it is untouched', '2026-03-14', false],
    ['a holiday of the package marked working', '2026-10-07', true],
    ['an adjusted working Saturday marked off', '2026-10-10', false],
    ['a day of a year the package does not know marked off', '2027-01-01', false],
  ] as const)('%s: %s → %s', (_name, date, working) => {
    expect(overridden.isWorkingDay(date)).toBe(working);
  });

  it.each([
    ['nextWorkingDay skips the weekday marked off', () => overridden.nextWorkingDay('2026-03-10'), '2026-03-11'],
    ['addWorkingDays lands on the Sunday marked working', () => overridden.addWorkingDays('2026-03-13', 1), '2026-03-15'],
    ['addWorkingDays lands on the holiday marked working', () => overridden.addWorkingDays('2026-09-30', 1), '2026-10-07'],
    ['addWorkingDays skips the Saturday marked off', () => overridden.addWorkingDays('2026-10-09', 1), '2026-10-12'],
    ['addWorkingDays over the filled-in 2027 holiday', () => overridden.addWorkingDays('2026-12-31', 1), '2027-01-04'],
    ['workingDaysBetween counts with the overrides', () => overridden.workingDaysBetween('2026-03-09', '2026-03-16'), 5],
  ] as const)('%s', (_name, run, expected) => {
    expect(run()).toBe(expected);
  });
});

describe('a custom base calendar', () => {
  const sixDayWeek = (date: string) => weekday(date) !== 7;

  it.each([
    ['a Saturday works in a six-day week', new WorkCalendar({ base: sixDayWeek }), '2026-03-14', true],
    ['a Sunday does not', new WorkCalendar({ base: sixDayWeek }), '2026-03-15', false],
    ['the Chinese holidays are not in it', new WorkCalendar({ base: sixDayWeek }), '2026-10-01', true],
    ['nor are the 调休 weekends', new WorkCalendar({ base: sixDayWeek }), '2026-09-20', false],
    ['overrides still win over it', new WorkCalendar({ base: sixDayWeek, overrides: [{ date: '2026-03-14', working: false }] }), '2026-03-14', false],
  ] as const)('%s: %s → %s', (_name, cal, date, working) => {
    expect(cal.isWorkingDay(date)).toBe(working);
  });

  it('addWorkingDays follows the custom base', () => {
    expect(new WorkCalendar({ base: sixDayWeek }).addWorkingDays('2026-03-13', 2)).toBe('2026-03-16');
  });

  it('asks the base once per date', () => {
    const base = vi.fn((date: string) => weekday(date) <= 5);
    const cal = new WorkCalendar({ base });
    cal.workingDaysBetween('2026-03-01', '2026-03-31');
    cal.workingDaysBetween('2026-03-01', '2026-03-31');
    cal.isWorkingDay('2026-03-10');
    expect(base).toHaveBeenCalledTimes(30);
  });

  it('a calendar with every day off does not hang nextWorkingDay, and has no first working day', () => {
    const allOff = new WorkCalendar({ base: () => false });
    expect(allOff.nextWorkingDay('2026-03-10')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(allOff.firstWorkingDayIn('2026-03-01', '2026-03-31')).toBeNull();
    expect(allOff.workingDaysBetween('2026-03-01', '2026-03-31')).toBe(0);
  });
});
