import { invalid } from '../errors.js';
import { intlLocale } from '../moments.js';
import { addDays, instantToZoned, safeZone, zonedToInstant } from '../time/zone.js';

/**
 * The rules of a measurement slot and of its reminders, pure. A slot is a local date and time in the
 * organization's zone and a duration; it must end after it starts and must not have started.
 */
const DEFAULT_DURATION_MINUTES = 60;
export const MAX_DURATION_MINUTES = 12 * 60;
/** The evening before a visit, on the firm's clock. */
const DAY_BEFORE_HOUR = 18;
const SOON_BEFORE_MS = 2 * 60 * 60_000;

export interface Slot {
  starts_at: Date;
  ends_at: Date;
}

export function slotFromLocal(input: { date: string; time: string; duration_minutes?: number }, timeZone: string): Slot {
  const starts_at = zonedToInstant(input.date, input.time, timeZone);
  if (!starts_at) throw invalid({ date: 'is not a date in the calendar' }, 'Invalid slot');
  const minutes = input.duration_minutes ?? DEFAULT_DURATION_MINUTES;
  return { starts_at, ends_at: new Date(starts_at.getTime() + minutes * 60_000) };
}

/** Refuses a slot that has already started or that ends before it starts, naming the field. */
export function checkSlot(slot: Slot, now: Date): void {
  if (!(slot.ends_at.getTime() > slot.starts_at.getTime())) throw invalid({ ends_at: 'must be after the start' }, 'Invalid slot');
  if (slot.ends_at.getTime() - slot.starts_at.getTime() > MAX_DURATION_MINUTES * 60_000)
    throw invalid({ duration_minutes: `must be at most ${MAX_DURATION_MINUTES} minutes` }, 'Invalid slot');
  if (slot.starts_at.getTime() <= now.getTime())
    throw invalid({ starts_at: { code: 'in_past', message: 'is in the past: pick a later date or time' } }, 'Invalid slot');
}

/** Two slots share some time (one ending exactly when the other starts does not). */
export const overlaps = (a: Slot, b: Slot) => a.starts_at.getTime() < b.ends_at.getTime() && b.starts_at.getTime() < a.ends_at.getTime();

export type ReminderKind = 'day_before' | 'soon';

/**
 * When each reminder of a visit is due: at 18:00 on the firm's clock the day before (so across a
 * clock change it is 23 or 25 hours of real time before a morning visit), and two hours before the
 * start. A reminder whose moment has passed when the visit is booked is not planned (the booking
 * message itself is fresh), and neither is a day-before reminder that would come after the
 * two-hour one.
 */
export function reminderTimes(startsAt: Date, timeZone: string, now: Date): Partial<Record<ReminderKind, Date>> {
  const local = instantToZoned(startsAt, timeZone);
  const dayBefore = zonedToInstant(addDays(local.date, -1), `${String(DAY_BEFORE_HOUR).padStart(2, '0')}:00`, timeZone)!;
  const soon = new Date(startsAt.getTime() - SOON_BEFORE_MS);
  const out: Partial<Record<ReminderKind, Date>> = {};
  if (dayBefore > now && dayBefore < soon) out.day_before = dayBefore;
  if (soon > now) out.soon = soon;
  return out;
}

/** “Tue 3 March, 10:00–11:00” in the person's language, on the firm's clock. */
export function formatSlot(starts: Date, ends: Date, timeZone: string, locale: 'ru' | 'en'): string {
  const zone = safeZone(timeZone);
  const day = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: zone, weekday: 'short', day: 'numeric', month: 'long' }).format(starts);
  return `${day}, ${instantToZoned(starts, zone).time}–${instantToZoned(ends, zone).time}`;
}
