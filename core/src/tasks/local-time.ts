import { isValidTimeZone } from '../reminders/due.js';

const formats = new Map<string, Intl.DateTimeFormat>();

function partsIn(at: Date, timeZone: string) {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value])) as Record<string, string>;
}

const zoneOf = (timeZone: string) => (isValidTimeZone(timeZone) ? timeZone : 'UTC');

/** "2026-12-01T15:30": a moment as a wall clock of the time zone shows it (minutes). */
export function toLocalDateTime(at: Date, timeZone: string): string {
  const p = partsIn(at, zoneOf(timeZone));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The local calendar day of a moment in the time zone, YYYY-MM-DD. */
export const toLocalDate = (at: Date, timeZone: string) => toLocalDateTime(at, timeZone).slice(0, 10);

export const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/;

/**
 * The moment a wall clock of the time zone shows `local` ("2026-12-01T15:30"). A time skipped by a
 * daylight-saving jump reads as the moment just after the jump; a repeated hour as its first pass.
 */
export function fromLocalDateTime(local: string, timeZone: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  const zone = zoneOf(timeZone);
  const offsetAt = (at: number) => {
    const p = partsIn(new Date(at), zone);
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - at;
  };
  // The offsets around that day cover a daylight-saving change either way; of the moments showing this
  // wall clock the earliest wins (a repeated hour's first pass); none shows it inside a skipped hour.
  const offsets = [...new Set([wall - 86_400_000, wall, wall + 86_400_000].map(offsetAt))];
  const candidates = offsets.map((offset) => wall - offset);
  const exact = candidates.filter((t) => toLocalDateTime(new Date(t), zone) === local.slice(0, 16));
  return new Date(exact.length ? Math.min(...exact) : wall - Math.min(...offsets));
}
