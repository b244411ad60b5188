import { fromLocalDateTime } from '../time/zone.js';

const DAY_FIRST = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::\d{2})?)?$/;
const YEAR_FIRST = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

const pad = (n: string) => n.padStart(2, '0');

/**
 * A date or date and time as CRM exports write them ("12.03.2024 14:35:10", "12.03.2024",
 * "2024-03-12 14:35", ISO with an offset): a value without an offset is the firm's wall clock, and
 * a date alone is its midnight. Null when the text is no date.
 */
export function readSheetDate(text: string, timeZone: string): Date | null {
  const value = text.trim();
  if (!value) return null;
  if (WITH_OFFSET.test(value)) {
    const at = new Date(value);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  const dayFirst = DAY_FIRST.exec(value);
  const yearFirst = YEAR_FIRST.exec(value);
  const parts = dayFirst
    ? { year: dayFirst[3]!, month: dayFirst[2]!, day: dayFirst[1]!, hour: dayFirst[4], minute: dayFirst[5] }
    : yearFirst
      ? { year: yearFirst[1]!, month: yearFirst[2]!, day: yearFirst[3]!, hour: yearFirst[4], minute: yearFirst[5] }
      : null;
  if (!parts) return null;
  return fromLocalDateTime(`${parts.year}-${pad(parts.month)}-${pad(parts.day)}T${pad(parts.hour ?? '0')}:${parts.minute ?? '00'}`, timeZone);
}
