import type { Moment } from './wire.js';

/** GET /api/notes: a note on a lead's or a project's card; only its author edits or deletes it. */
export interface CardNote<Time extends Moment = string> {
  id: number;
  org_id: number;
  lead_id: number | null;
  project_id: number | null;
  author_id: number | null;
  author_name: string | null;
  body: string;
  /** Written by the caller. */
  mine: boolean;
  edited: boolean;
  created_at: Time;
  updated_at: Time;
}
