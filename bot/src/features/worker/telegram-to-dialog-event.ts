import type { Message } from 'node-telegram-bot-api';
import { Organization, type User } from '@crm/database';
import { assertAssignment, expenseCategories, type ExpenseEvent, type ReportEvent, type ReportMedia } from '@crm/core';
import type { BotContext } from '../../context.js';
import type { FlowInput } from './flow.js';
import type { WorkerSession } from './session-store.js';
import type { WorkerTexts } from './texts.js';
import { largestPhoto } from '../message-content.js';

/**
 * Telegram input → worker dialog event: what a worker's message or button press means to the
 * report and expense dialogs (core's reducers), after checking the project and stage they chose.
 */

/** The largest photo size, a video, or an image/video sent as a file. */
export function mediaOf(message: Message): ReportMedia | null {
  if (message.photo?.length) {
    const p = largestPhoto(message.photo);
    return { type: 'photo', file_id: p.file_id, file_unique_id: p.file_unique_id, width: p.width, height: p.height, size: p.file_size ?? null };
  }
  if (message.video) {
    const v = message.video;
    return {
      type: 'video',
      file_id: v.file_id,
      file_unique_id: v.file_unique_id,
      mime_type: v.mime_type ?? null,
      duration: v.duration,
      size: v.file_size ?? null,
    };
  }
  const d = message.document;
  if (d && /^(image|video)\//.test(d.mime_type ?? '')) {
    return { type: 'document', file_id: d.file_id, file_unique_id: d.file_unique_id, mime_type: d.mime_type ?? null, size: d.file_size ?? null };
  }
  return null;
}

/** Turns a message or button into a report event; refuses projects and stages the worker may not use. */
export async function reportEvent(ctx: BotContext, worker: User, session: WorkerSession, input: FlowInput): Promise<ReportEvent | null> {
  if (input.kind === 'message') {
    const m = input.message;
    const media = mediaOf(m);
    if (media) return { type: 'media', items: [media], media_group_id: m.media_group_id ?? null };
    if (m.voice)
      return {
        type: 'voice',
        voice: {
          type: 'voice',
          file_id: m.voice.file_id,
          file_unique_id: m.voice.file_unique_id,
          duration: m.voice.duration,
          mime_type: m.voice.mime_type ?? null,
        },
      };
    const text = m.text ?? m.caption;
    if (text !== undefined) return { type: 'text', text };
    return { type: 'text', text: '' };
  }
  const a = input.action;
  switch (a.action) {
    case 'project':
      await ensureAssigned(ctx, worker, a.id, null);
      return { type: 'project', project_id: a.id };
    case 'stage': {
      const draft = session.draft;
      if (draft.flow !== 'report' || !draft.project_id) return null;
      await ensureAssigned(ctx, worker, draft.project_id, a.id || null);
      return { type: 'stage', stage_id: a.id || null };
    }
    case 'progress':
      return { type: 'progress', pct: a.pct };
    case 'done':
      return { type: 'media_done' };
    case 'skip':
      return { type: 'skip' };
    case 'confirm':
      return { type: 'confirm' };
    case 'back':
      return { type: 'back' };
    case 'cancel':
      return { type: 'cancel' };
    default:
      return null;
  }
}

export async function expenseEvent(ctx: BotContext, t: WorkerTexts, worker: User, session: WorkerSession, input: FlowInput): Promise<ExpenseEvent | null> {
  if (input.kind === 'message') {
    const media = mediaOf(input.message);
    if (media && media.type !== 'video') return { type: 'receipt', receipt: media };
    return { type: 'text', text: input.message.text ?? input.message.caption ?? '' };
  }
  const a = input.action;
  switch (a.action) {
    case 'category': {
      const org = await Organization.findByPk(ctx.crm.org.id, { attributes: ['id', 'expense_categories'] });
      const category = org ? expenseCategories(org)[a.index] : undefined;
      if (category) return { type: 'category', category };
      await ctx.reply(t.stale); // the organization's list changed since the buttons were sent
      return null;
    }
    case 'project':
      await ensureAssigned(ctx, worker, a.id, null);
      return { type: 'project', project_id: a.id };
    case 'stage': {
      const draft = session.draft;
      if (draft.flow !== 'expense' || !draft.project_id) return null;
      await ensureAssigned(ctx, worker, draft.project_id, a.id || null);
      return { type: 'stage', stage_id: a.id || null };
    }
    case 'skip':
      return { type: 'no_receipt' };
    case 'back':
      return { type: 'back' };
    case 'cancel':
      return { type: 'cancel' };
    default:
      await ctx.reply(t.hintUseButtons);
      return null;
  }
}

/** The project (and stage) must be the worker's: core refuses otherwise, and the boundary says so. */
async function ensureAssigned(ctx: BotContext, worker: User, projectId: number, stageId: number | null): Promise<void> {
  await assertAssignment(ctx.crm.sequelize, { org_id: ctx.crm.org.id, user_id: worker.id, project_id: projectId, stage_id: stageId });
}
