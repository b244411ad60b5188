import { MEDIA_TYPES } from '@crm/contracts';
import { z } from 'zod';

/**
 * The worker's daily report as a pure state machine. The bot persists the state (JSON) per chat in
 * PostgreSQL and feeds it events; every transition is decided here, so a restart or another bot
 * replica continues exactly where the worker was.
 */
const REPORT_STEPS = ['choose_project', 'choose_stage', 'media', 'note', 'progress', 'confirm'] as const;
type ReportStep = (typeof REPORT_STEPS)[number];

export const reportMediaSchema = z.object({
  type: z.enum(MEDIA_TYPES),
  file_id: z.string().min(1),
  file_unique_id: z.string().optional(),
  mime_type: z.string().nullable().optional(),
  size: z.number().int().nullable().optional(),
  duration: z.number().int().nullable().optional(),
  width: z.number().int().nullable().optional(),
  height: z.number().int().nullable().optional(),
});
export type ReportMedia = z.infer<typeof reportMediaSchema>;

const reportDraftSchema = z.object({
  flow: z.literal('report'),
  step: z.enum(REPORT_STEPS),
  project_id: z.number().int().positive().nullable(),
  stage_id: z.number().int().positive().nullable(),
  media: z.array(reportMediaSchema),
  media_groups: z.array(z.string()),
  text: z.string().nullable(),
  voice: reportMediaSchema.nullable(),
  progress_pct: z.number().int().min(0).max(100).nullable(),
});
export type ReportDraft = z.infer<typeof reportDraftSchema>;

export type ReportEvent =
  | { type: 'project'; project_id: number }
  | { type: 'stage'; stage_id: number | null }
  | { type: 'media'; items: ReportMedia[]; media_group_id?: string | null }
  | { type: 'media_done' }
  | { type: 'text'; text: string }
  | { type: 'voice'; voice: ReportMedia }
  | { type: 'progress'; pct: number }
  | { type: 'skip' }
  | { type: 'back' }
  | { type: 'cancel' }
  | { type: 'confirm' };

/** What the adapter should do after a transition. */
type ReportOutcome =
  | { kind: 'ask'; step: ReportStep }
  | { kind: 'media_added'; count: number; silent: boolean }
  /** Another note (text or voice) after the note step: kept with the others; the step stays. */
  | { kind: 'note_added'; step: ReportStep }
  | { kind: 'hint'; step: ReportStep; reason: 'need_media' | 'need_note' | 'bad_progress' | 'unexpected' }
  | { kind: 'submit' }
  | { kind: 'cancelled' };

export interface ReportTransition {
  state: ReportDraft | null;
  outcome: ReportOutcome;
}

const MAX_REPORT_MEDIA = 50;
const MAX_NOTE = 4000;

export function startReport(): ReportDraft {
  return { flow: 'report', step: 'choose_project', project_id: null, stage_id: null, media: [], media_groups: [], text: null, voice: null, progress_pct: null };
}

/** Parses a persisted state; anything that is not a valid report draft (old format, corrupt) is null. */
export function readReportDraft(state: unknown): ReportDraft | null {
  const parsed = reportDraftSchema.safeParse(state);
  return parsed.success ? parsed.data : null;
}

const PREVIOUS: Record<ReportStep, ReportStep | null> = {
  choose_project: null,
  choose_stage: 'choose_project',
  media: 'choose_stage',
  note: 'media',
  progress: 'note',
  confirm: 'progress',
};

export function reduceReport(draft: ReportDraft, event: ReportEvent): ReportTransition {
  const ask = (state: ReportDraft): ReportTransition => ({ state, outcome: { kind: 'ask', step: state.step } });
  const hint = (reason: Extract<ReportOutcome, { kind: 'hint' }>['reason']): ReportTransition => ({
    state: draft,
    outcome: { kind: 'hint', step: draft.step, reason },
  });

  if (event.type === 'cancel') return { state: null, outcome: { kind: 'cancelled' } };
  if (event.type === 'back') {
    const previous = PREVIOUS[draft.step];
    if (!previous) return { state: null, outcome: { kind: 'cancelled' } };
    return ask({ ...clearFrom(draft, previous), step: previous });
  }

  switch (draft.step) {
    case 'choose_project':
      if (event.type !== 'project') return hint('unexpected');
      return ask({ ...draft, project_id: event.project_id, stage_id: null, step: 'choose_stage' });
    case 'choose_stage':
      if (event.type !== 'stage') return hint('unexpected');
      return ask({ ...draft, stage_id: event.stage_id, step: 'media' });
    case 'media': {
      if (event.type === 'media') {
        const room = MAX_REPORT_MEDIA - draft.media.length;
        const group = event.media_group_id ?? null;
        // One answer per album: the later parts of a known album are taken in silently.
        const silent = group !== null && draft.media_groups.includes(group);
        const media_groups = group && !silent ? [...draft.media_groups, group] : draft.media_groups;
        const fresh = event.items.filter((item) => !draft.media.some((m) => m.file_unique_id && m.file_unique_id === item.file_unique_id));
        const media = [...draft.media, ...fresh.slice(0, Math.max(room, 0))];
        return { state: { ...draft, media, media_groups }, outcome: { kind: 'media_added', count: media.length, silent } };
      }
      if (event.type === 'media_done') return draft.media.length ? ask({ ...draft, step: 'note' }) : hint('need_media');
      return hint(event.type === 'text' || event.type === 'skip' || event.type === 'voice' ? 'need_media' : 'unexpected');
    }
    case 'note':
      if (event.type === 'text') {
        const text = event.text.trim().slice(0, MAX_NOTE);
        return text ? ask({ ...draft, text, step: 'progress' }) : hint('need_note');
      }
      if (event.type === 'voice') return ask({ ...draft, voice: event.voice, step: 'progress' });
      if (event.type === 'media') return hint('need_note');
      return hint('unexpected');
    case 'progress':
      if (event.type === 'skip') return ask({ ...draft, progress_pct: null, step: 'confirm' });
      if (event.type === 'progress') {
        if (!Number.isInteger(event.pct) || event.pct < 0 || event.pct > 100) return hint('bad_progress');
        return ask({ ...draft, progress_pct: event.pct, step: 'confirm' });
      }
      if (event.type === 'text') {
        const pct = parseProgress(event.text);
        if (pct !== null) return ask({ ...draft, progress_pct: pct, step: 'confirm' });
        // A number out of range is a mistyped percentage; words are one more note.
        return looksNumeric(event.text) ? hint('bad_progress') : addNote(draft, event);
      }
      if (event.type === 'voice') return addNote(draft, event);
      return hint('unexpected');
    case 'confirm':
      if (event.type === 'confirm') return { state: draft, outcome: { kind: 'submit' } };
      if (event.type === 'text' || event.type === 'voice') return addNote(draft, event);
      return hint('unexpected');
  }
}

/**
 * Workers often send their note in several messages: every text is kept (joined by blank lines) and
 * every voice message too (the first is the report's voice, the others travel with its media).
 */
function addNote(draft: ReportDraft, event: { type: 'text'; text: string } | { type: 'voice'; voice: ReportMedia }): ReportTransition {
  if (event.type === 'voice') {
    if (!draft.voice) return { state: { ...draft, voice: event.voice }, outcome: { kind: 'note_added', step: draft.step } };
    if (draft.media.length >= MAX_REPORT_MEDIA) return { state: draft, outcome: { kind: 'hint', step: draft.step, reason: 'unexpected' } };
    return { state: { ...draft, media: [...draft.media, event.voice] }, outcome: { kind: 'note_added', step: draft.step } };
  }
  const text = event.text.trim();
  if (!text) return { state: draft, outcome: { kind: 'hint', step: draft.step, reason: 'unexpected' } };
  const joined = [draft.text, text].filter(Boolean).join('\n\n').slice(0, MAX_NOTE);
  return { state: { ...draft, text: joined }, outcome: { kind: 'note_added', step: draft.step } };
}

const looksNumeric = (text: string) => /^\s*-?\d+([.,]\d+)?\s*%?\s*$/.test(text);

/** "75", "75%", " 75 % " → 75; anything else or out of 0..100 → null. */
export function parseProgress(text: string): number | null {
  const match = /^\s*(\d{1,3})\s*%?\s*$/.exec(text);
  if (!match) return null;
  const pct = Number(match[1]);
  return pct >= 0 && pct <= 100 ? pct : null;
}

/**
 * Going back to the project forgets everything (media belong to a site); going back to the stage
 * forgets only the stage. Later steps keep what was entered, so a worker who goes back to add one
 * more photo does not lose the others; a new answer simply replaces the old one.
 */
function clearFrom(draft: ReportDraft, step: ReportStep): ReportDraft {
  if (step === 'choose_project') return startReport();
  if (step === 'choose_stage') return { ...draft, stage_id: null };
  return draft;
}
