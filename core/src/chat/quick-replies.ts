import { z } from 'zod';
import type { QuickReplyView } from '@crm/contracts';
import { Organization, QuickReply, User, type Sequelize } from '@crm/database';
import { getConversation, type ConversationRef } from './conversation.queries.js';

/** Canned answers as the quick-replies resource writes them. */
export const quickReplyCreate = z.object({
  title: z.string({ error: 'is required' }).trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  content: z.string({ error: 'is required' }).trim().min(1, 'is required').max(4096, 'must be at most 4096 characters'),
});
export const quickReplyUpdate = quickReplyCreate.partial();

type PlaceholderValues = Record<'name' | 'manager' | 'firm', string>;

/**
 * Fills `{name}`, `{manager}` and `{firm}`, also written `{{name}}` like the contract template's (spaces
 * inside the braces allowed); other braces stay as typed.
 */
function fillPlaceholders(template: string, values: PlaceholderValues): string {
  return template.replace(
    /\{\{\s*(name|manager|firm)\s*\}\}|\{\s*(name|manager|firm)\s*\}/gi,
    (_, double: string | undefined, single: string | undefined) => values[(double ?? single)!.toLowerCase() as keyof PlaceholderValues],
  );
}

export type { QuickReplyView } from '@crm/contracts';

/**
 * The organization's quick replies ready to insert in one conversation: `{{name}}` is the person's
 * (the group's, the project's) name, `{{manager}}` the staff member who writes, `{{firm}}` the firm's.
 */
export async function quickRepliesFor(sequelize: Sequelize, orgId: number, ref: ConversationRef, staffId: number): Promise<QuickReplyView[]> {
  const conversation = await getConversation(sequelize, orgId, ref);
  const [org, staff, replies] = await Promise.all([
    Organization.findByPk(orgId, { attributes: ['name'] }),
    User.findOne({ where: { id: staffId, org_id: orgId }, attributes: ['name'] }),
    QuickReply.findAll({
      where: { org_id: orgId },
      order: [
        ['title', 'ASC'],
        ['id', 'ASC'],
      ],
      limit: 200,
    }),
  ]);
  const values = { name: conversation.name ?? '', manager: staff?.name ?? '', firm: org?.name ?? '' };
  return replies.map((r) => ({ id: r.id, title: r.title, content: r.content, text: fillPlaceholders(r.content, values) }));
}
