import { z } from 'zod';
import { Lead, Note, Project, type SqlTransaction } from '@crm/database';
import { DomainError, invalid } from '../errors.js';
import { parseInput } from '../validation.js';

const body = z.string().trim().min(1, 'is required').max(8000, 'must be at most 8000 characters');
const ref = z.coerce.number().int().positive().nullable().optional();
export const noteCreateSchema = z
  .object({ lead_id: ref, project_id: ref, body })
  .refine((v) => Boolean(v.lead_id) || Boolean(v.project_id), { message: 'is required (or project_id)', path: ['lead_id'] });
/** Only the text changes; what the note is about stays (a record sent back whole carries the rest unchanged). */
export const noteUpdateSchema = z.object({ body }).partial();

/** A note by the staff member acting, on a lead or a project of their organization. */
export async function createNote(scope: { org_id: number; user_id: number }, input: unknown, transaction: SqlTransaction): Promise<Note> {
  const v = parseInput(noteCreateSchema, input, 'Invalid note');
  if (v.lead_id && !(await Lead.count({ where: { id: v.lead_id, org_id: scope.org_id }, transaction })))
    throw invalid({ lead_id: 'unknown lead' }, 'lead_id does not point to a lead of your organization');
  if (v.project_id && !(await Project.count({ where: { id: v.project_id, org_id: scope.org_id }, transaction })))
    throw invalid({ project_id: 'unknown project' }, 'project_id does not point to a project of your organization');
  return Note.create(
    { org_id: scope.org_id, lead_id: v.lead_id ?? null, project_id: v.project_id ?? null, author_id: scope.user_id, body: v.body },
    { transaction },
  );
}

/** Notes are their author's words: only the author edits or deletes one. */
function assertNoteAuthor(note: Note, userId: number): void {
  if (note.author_id !== userId) throw new DomainError('forbidden', 'Only the author can change this note');
}

export async function removeNote(scope: { user_id: number }, note: Note, transaction: SqlTransaction): Promise<void> {
  assertNoteAuthor(note, scope.user_id);
  await note.destroy({ transaction });
}

export function updateNote(scope: { user_id: number }, note: Note, input: unknown): void {
  const v = parseInput(noteUpdateSchema, input, 'Invalid note');
  assertNoteAuthor(note, scope.user_id);
  if (v.body !== undefined && v.body !== note.body) note.body = v.body;
}
