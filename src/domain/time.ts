/**
 * The calendar date of an instant in a time zone, as YYYY-MM-DD.
 *
 * @example
 * localDate(new Date('2026-11-24T17:00:00Z'), 'Asia/Shanghai') // '2026-11-25'
 */
export function localDate(instant: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
