import { DateTime } from 'luxon';

/**
 * The calendar date of an instant in a time zone, as YYYY-MM-DD.
 *
 * @example
 * localDate(new Date('2026-11-24T17:00:00Z'), 'Asia/Shanghai') // '2026-11-25'
 */
export function localDate(instant: Date, timeZone: string): string {
  return dateFormat(timeZone).format(instant);
}

// Building a formatter costs far more than using one: keep one per zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const instantFormats = new Map<string, Intl.DateTimeFormat>();
const cached = (formats: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat) => {
  let format = formats.get(timeZone);
  if (!format) formats.set(timeZone, (format = make()));
  return format;
};
// en-CA writes dates as YYYY-MM-DD.
const dateFormat = (timeZone: string) =>
  cached(dateFormats, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));

/**
 * An instant as ISO-8601 with the zone's offset, as the exports show it.
 *
 * @example
 * isoWithOffset(new Date('2026-11-25T02:00:00Z'), 'Asia/Shanghai') // '2026-11-25T10:00:00.000+08:00'
 */
export function isoWithOffset(instant: Date, timeZone: string): string {
  const format = cached(
    instantFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        timeZoneName: 'longOffset',
      }),
  );
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).replace('GMT', '');
  const millis = String(instant.getUTCMilliseconds()).padStart(3, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.${millis}${offset}`;
}

const instants = new Map<string, Date>();

/**
 * The instant of a local date and time in a zone (through luxon, so that offsets and their
 * changes are the zone's own); remembered, as ticks ask for the same few instants many times.
 *
 * @example
 * zonedInstant('2026-11-25', '09:30', 'Asia/Shanghai') // 2026-11-25T01:30:00.000Z
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const key = `${date}T${time}@${timeZone}`;
  let instant = instants.get(key);
  if (!instant) {
    instant = DateTime.fromISO(`${date}T${time}`, { zone: timeZone }).toJSDate();
    if (instants.size > 100_000) instants.clear();
    instants.set(key, instant);
  }
  return instant;
}

/** The local time of an instant in a zone, as HH:MM. */
export function localTime(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('HH:mm');
}
