import type * as Wire from '@crm/contracts';
import { z } from 'zod';
import { QueryTypes, selectRows, type Sequelize } from '@crm/database';
import { notFound } from '../errors.js';
import { publishEvent } from '../events/publish.js';
import { parseInput } from '../validation.js';
import { conversationId, getConversation, type ConversationRef } from './conversation.queries.js';

/**
 * A private note in a conversation: staff write it for each other, it sits in the thread among the
 * messages and is never sent to Telegram (notes are not messages: nothing queues or delivers them).
 */
export type NoteView = Wire.NoteView<Date>;

const NOTE_SELECT = `SELECT n.id, n.conversation_id, n.author_id, u.name AS author_name, n.content, n.created_at
  FROM conversation_notes n LEFT JOIN users u ON u.id = n.author_id AND u.org_id = n.org_id`;

const noteInput = z.object({
  content: z.string({ error: 'is required' }).trim().min(1, 'is required').max(4000, 'must be at most 4000 characters'),
});

export async function addConversationNote(
  sequelize: Sequelize,
  input: { org_id: number; conversation: ConversationRef; author_id: number; body: unknown },
): Promise<NoteView> {
  const { content } = parseInput(noteInput, input.body, 'Invalid note');
  const conversation = await getConversation(sequelize, input.org_id, input.conversation);
  return sequelize.transaction(async (transaction) => {
    const [row] = await sequelize.query<{ id: number }>(
      `INSERT INTO conversation_notes (org_id, conversation_id, author_id, content) VALUES (:org_id, :conversation, :author_id, :content) RETURNING id`,
      { replacements: { org_id: input.org_id, conversation: conversation.id, author_id: input.author_id, content }, type: QueryTypes.SELECT, transaction },
    );
    await publishEvent(transaction, { org_id: input.org_id, type: 'note.created', data: { id: row!.id, conversation: conversation.id } });
    const [note] = await sequelize.query<NoteView>(`${NOTE_SELECT} WHERE n.id = :id`, { replacements: { id: row!.id }, type: QueryTypes.SELECT, transaction });
    return note!;
  });
}

export async function loadNote(sequelize: Sequelize, orgId: number, id: number): Promise<NoteView> {
  const [note] = await sequelize.query<NoteView>(`${NOTE_SELECT} WHERE n.org_id = :org_id AND n.id = :id`, {
    replacements: { org_id: orgId, id },
    type: QueryTypes.SELECT,
  });
  if (!note) throw notFound('Note');
  return note;
}

/** A thread's notes written in a window of time (a page of messages spans one), oldest first. */
export async function notesBetween(
  sequelize: Sequelize,
  orgId: number,
  ref: ConversationRef,
  window: { from: Date | null; before: Date | null },
): Promise<NoteView[]> {
  return selectRows<NoteView>(
    sequelize,
    `${NOTE_SELECT} WHERE n.org_id = :org_id AND n.conversation_id = :conversation
       AND (CAST(:from AS timestamptz) IS NULL OR n.created_at >= :from) AND (CAST(:before AS timestamptz) IS NULL OR n.created_at < :before)
     ORDER BY n.created_at, n.id LIMIT 500`,
    { org_id: orgId, conversation: conversationId(ref), from: window.from, before: window.before },
  );
}
