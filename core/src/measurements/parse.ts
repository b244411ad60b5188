import type { MeasuredRoom } from '@crm/database';

/**
 * Reads room dimensions from an estimator's notes, one room per line: a name, then two or three
 * numbers in metres (length × width × height) separated by x, х, ×, * or the words “на” / “by”,
 * with a decimal point or comma: “кухня 3,2 х 4,1 х 2,7”, “Bedroom 3.5 by 4”. Lines that are not
 * dimensions stay notes. Measures are decimal strings, never floats.
 */
const NUMBER = String.raw`(\d{1,3}(?:[.,]\d{1,3})?)`;
const SEP = String.raw`\s*(?:[xх×*]|на|by)\s*`;
const ROOM_LINE = new RegExp(String.raw`^\s*(?:[-•*]\s*)?(.*?)[\s:—-]*${NUMBER}${SEP}${NUMBER}(?:${SEP}${NUMBER})?\s*(?:m|м)?\.?\s*$`, 'iu');

/** Metres as typed, normalised: comma to point, no trailing zeros; null for zero or over 100 m. */
function metres(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const text = raw.replace(',', '.');
  const [whole, fraction = ''] = text.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  const normal = `${String(Number(whole))}${trimmed ? `.${trimmed}` : ''}`;
  return Number(normal) > 0 && Number(normal) <= 100 ? normal : null;
}

export interface ParsedMeasurement {
  rooms: MeasuredRoom[];
  /** The lines that are not room dimensions. */
  notes: string[];
}

export function parseMeasurementText(text: string): ParsedMeasurement {
  const rooms: MeasuredRoom[] = [];
  const notes: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const match = ROOM_LINE.exec(line);
    const length = metres(match?.[2]);
    const width = metres(match?.[3]);
    if (!match || !length || !width || (match[4] !== undefined && !metres(match[4]))) {
      notes.push(line.trim());
      continue;
    }
    rooms.push({
      name: match[1]!
        .trim()
        .replace(/[:—-]+$/, '')
        .trim(),
      length,
      width,
      height: metres(match[4]),
    });
  }
  return { rooms, notes };
}
