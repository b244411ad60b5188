/**
 * An organization's wall clock ↔ instants, converted here and nowhere else. Pure, on Intl only: a
 * date and a time typed by a person mean that moment where the firm works, whatever the zone of the
 * server or of the browser, and a moment is shown back on the same clock. An unknown zone reads as
 * UTC, so a bad stored zone never fails a reminder tick, a task or a visit.
 */

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The zone itself when Intl knows it, else UTC. */
export const safeZone = (timeZone: string | null | undefined) => (timeZone && isValidTimeZone(timeZone) ? timeZone : 'UTC');

export interface LocalClock {
  date: string; // YYYY-MM-DD on the zone's clock
  hour: number;
  minute: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's wall clock at a moment, to the second. */
function wallClock(at: Date, timeZone: string): LocalClock & { second: number } {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: safeZone(timeZone),
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
  const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value])) as Record<string, string>;
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour) % 24, minute: Number(p.minute), second: Number(p.second) };
}

export function localClock(at: Date, timeZone: string): LocalClock {
  const { date, hour, minute } = wallClock(at, timeZone);
  return { date, hour, minute };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-12-01T15:30": a moment as the zone's wall clock shows it (minutes). */
export function toLocalDateTime(at: Date, timeZone: string): string {
  const clock = wallClock(at, timeZone);
  return `${clock.date}T${pad(clock.hour)}:${pad(clock.minute)}`;
}

/** The local calendar day of a moment in the zone, YYYY-MM-DD. */
export const toLocalDate = (at: Date, timeZone: string) => wallClock(at, timeZone).date;

/** The local date (YYYY-MM-DD) and time (HH:MM) of a moment in the zone. */
export function instantToZoned(at: Date, timeZone: string): { date: string; time: string } {
  const local = toLocalDateTime(at, timeZone);
  return { date: local.slice(0, 10), time: local.slice(11) };
}

export const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/;

/**
 * The moment a wall clock of the zone shows `local` ("2026-12-01T15:30"); null when that is no
 * real date and time. A time skipped by a daylight-saving jump (02:30 on the spring-forward night)
 * is read with the offset before the jump, i.e. the moment just after it; a repeated hour as its
 * first pass.
 */
export function fromLocalDateTime(local: string, timeZone: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  const offsetAt = (at: number) => {
    const clock = wallClock(new Date(at), timeZone);
    const [y, m, d] = clock.date.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d, clock.hour, clock.minute, clock.second) - at;
  };
  // The offsets around that day cover a daylight-saving change either way; of the moments showing this
  // wall clock the earliest wins (a repeated hour's first pass); none shows it inside a skipped hour.
  const offsets = [...new Set([wall - 86_400_000, wall, wall + 86_400_000].map(offsetAt))];
  const candidates = offsets.map((offset) => wall - offset);
  const exact = candidates.filter((t) => toLocalDateTime(new Date(t), timeZone) === local.slice(0, 16));
  return new Date(exact.length ? Math.min(...exact) : wall - Math.min(...offsets));
}

/** The moment of a local date (YYYY-MM-DD) and time (HH:MM) in the zone; null when that is no real date and time. */
export const zonedToInstant = (date: string, time: string, timeZone: string) => fromLocalDateTime(`${date}T${time}`, timeZone);

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
