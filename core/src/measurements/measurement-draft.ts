import { z } from 'zod';
import { reportMediaSchema } from '../reports/report-flow.js';

/**
 * An estimator's measurements in progress in the bot (persisted in the chat's dialog state): the
 * visit, the notes typed so far and the photos. Pure helpers; the bot stores and answers.
 */
const MAX_MEASUREMENT_MEDIA = 30;
const MAX_MEASUREMENT_TEXT = 4000;

const measurementDraftSchema = z.object({
  flow: z.literal('measurement'),
  appointment_id: z.number().int().positive(),
  notes: z.array(z.string()).default([]),
  media: z.array(reportMediaSchema).default([]),
});
export type MeasurementDraft = z.infer<typeof measurementDraftSchema>;

export const startMeasurement = (appointment_id: number): MeasurementDraft => ({ flow: 'measurement', appointment_id, notes: [], media: [] });

export function readMeasurementDraft(state: unknown): MeasurementDraft | null {
  const parsed = measurementDraftSchema.safeParse(state);
  return parsed.success ? parsed.data : null;
}

export type MeasurementInput = { type: 'text'; text: string } | { type: 'media'; items: MeasurementDraft['media'] };

/** Adds a note or photos; null when the input adds nothing (an empty text, or over the limits). */
export function addToMeasurement(draft: MeasurementDraft, input: MeasurementInput): MeasurementDraft | null {
  if (input.type === 'text') {
    const text = input.text.trim();
    if (!text || [...draft.notes, text].join('\n').length > MAX_MEASUREMENT_TEXT) return null;
    return { ...draft, notes: [...draft.notes, text] };
  }
  const known = new Set(draft.media.map((m) => m.file_unique_id));
  const fresh = input.items.filter((m) => !known.has(m.file_unique_id));
  if (!fresh.length || draft.media.length + fresh.length > MAX_MEASUREMENT_MEDIA) return null;
  return { ...draft, media: [...draft.media, ...fresh] };
}
