import type { ChatLabelRecord, QuickReplyRecord } from '@crm/contracts';
import { ChatLabel, QuickReply } from '@crm/database';
import { chatLabelCreate, chatLabelUpdate, quickReplyCreate, quickReplyUpdate } from '@crm/core';
import { defineResource } from './resource.js';

/** The organization's canned answers for the chat (placeholders are filled per conversation: GET /api/chats/:id/quick-replies). */
export const quickReplies = defineResource<QuickReply, QuickReplyRecord<Date>>({
  name: 'quick-replies',
  model: QuickReply,
  search: ['title', 'content'],
  filters: [],
  sorts: ['title', 'created_at', 'updated_at'],
  defaultSort: { field: 'title', order: 'ASC' },
  writeRoles: ['admin', 'manager'],
  remove: true,
  create: quickReplyCreate,
  update: quickReplyUpdate,
});

/** The organization's colored conversation labels; removing one takes it off every conversation. */
export const chatLabels = defineResource<ChatLabel, ChatLabelRecord<Date>>({
  name: 'chat-labels',
  model: ChatLabel,
  search: ['name'],
  filters: [],
  sorts: ['name', 'created_at'],
  defaultSort: { field: 'name', order: 'ASC' },
  writeRoles: ['admin', 'manager'],
  remove: true,
  create: chatLabelCreate,
  update: chatLabelUpdate,
});
