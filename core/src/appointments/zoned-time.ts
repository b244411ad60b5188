import { isValidTimeZone, localClock } from '../reminders/due.js';
import { intlLocale } from '../moments.js';

/**
 * Wall-clock time in an organization's time zone ↔ instants. Pure, on Intl only: a date and a time
 * typed in the back office mean that moment where the firm works, whatever the browser's zone.
 */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone is ahead of UTC at an instant (Moscow +180, Berlin +60 or +120). */
function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  let format = offsetFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    offsetFormatters.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(instant).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

export const safeZone = (timeZone: string | null | undefined) => (timeZone && isValidTimeZone(timeZone) ? timeZone : 'UTC');

/**
 * The instant of a local date and time in a zone. A time skipped by a clock change (02:30 on the
 * spring-forward night) is read with the offset before the change, i.e. an hour later on the clock.
 */
export function zonedToInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const day = 86_400_000;
  // The offsets a day either side cover any clock change on that date.
  const offsets = [...new Set([zoneOffsetMinutes(new Date(wall - day), timeZone), zoneOffsetMinutes(new Date(wall + day), timeZone)])];
  const valid = offsets.map((o) => wall - o * 60_000).filter((t) => zoneOffsetMinutes(new Date(t), timeZone) * 60_000 === wall - t);
  // Twice on the clock (autumn): the first; never on the clock (spring): with the offset before the change.
  return new Date(valid.length ? Math.min(...valid) : wall - Math.min(...offsets) * 60_000);
}

/** The local date (YYYY-MM-DD) and time (HH:MM) of an instant in a zone. */
export function instantToZoned(instant: Date, timeZone: string): { date: string; time: string } {
  const clock = localClock(instant, timeZone);
  return { date: clock.date, time: `${String(clock.hour).padStart(2, '0')}:${String(clock.minute).padStart(2, '0')}` };
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** “Tue 3 March, 10:00–11:00” in the person's language, on the firm's clock. */
export function formatSlot(starts: Date, ends: Date, timeZone: string, locale: 'ru' | 'en'): string {
  const zone = safeZone(timeZone);
  const day = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: zone, weekday: 'short', day: 'numeric', month: 'long' }).format(starts);
  return `${day}, ${instantToZoned(starts, zone).time}–${instantToZoned(ends, zone).time}`;
}
