import type { CardNote } from '@crm/contracts';
import { Lead, Note, Project, User } from '@crm/database';
import { createNote, noteCreateSchema, noteUpdateSchema, removeNote, updateNote } from '@crm/core';
import { defineResource, plain } from './resource.js';

/** Notes on leads and projects; each is its author's, and only the author edits or deletes it. */
export const notes = defineResource<Note, CardNote<Date>>({
  name: 'notes',
  model: Note,
  search: ['body'],
  filters: ['lead_id', 'project_id', 'author_id'],
  ranges: ['created_at'],
  sorts: ['created_at', 'updated_at'],
  defaultSort: { field: 'created_at', order: 'DESC' },
  writeRoles: ['admin', 'manager'],
  remove: true,
  references: { lead_id: { model: Lead as never, label: 'lead' }, project_id: { model: Project as never, label: 'project' } },
  create: noteCreateSchema,
  update: noteUpdateSchema,
  hooks: {
    create: (values, ctx, tx) => createNote({ org_id: ctx.auth.org_id, user_id: ctx.auth.sub }, values, tx),
    async update(row, values, ctx) {
      updateNote({ user_id: ctx.auth.sub }, row, values);
    },
    remove: (row, ctx, tx) => removeNote({ user_id: ctx.auth.sub }, row, tx),
  },
  serialize: async (rows, ctx) => {
    const ids = [...new Set(rows.map((r) => r.author_id).filter((id): id is number => id !== null))];
    const authors = ids.length ? await User.findAll({ where: { id: ids, org_id: ctx.auth.org_id }, attributes: ['id', 'name'] }) : [];
    return rows.map((row) => ({
      ...plain(row),
      author_name: authors.find((a) => a.id === row.author_id)?.name ?? null,
      mine: row.author_id === ctx.auth.sub,
      edited: row.updated_at.getTime() - row.created_at.getTime() > 1000,
    }));
  },
});
