import type { Message } from 'node-telegram-bot-api';
import type { User } from '@crm/database';
import { reduceExpense, reduceReport, startExpense, startReport } from '@crm/core';
import type { BotContext } from '../../context.js';
import { newNonce, type WorkerAction } from './callback-data.js';
import { closeTappedMessage } from '../dialog-message.js';
import { expenseEvent, reportEvent } from './telegram-to-dialog-event.js';
import { menuKeyboard } from './keyboards.js';
import { showStep } from './screens.js';
import { loadSession, saveSession, VersionConflict, type WorkerSession } from './session-store.js';
import { submitExpense, submitReport } from './submit.js';
import type { WorkerTexts } from './texts.js';

export type FlowInput = { kind: 'message'; message: Message } | { kind: 'action'; action: WorkerAction };

const MAX_ATTEMPTS = 5;

export async function startFlow(ctx: BotContext, t: WorkerTexts, worker: User, flow: 'report' | 'expense'): Promise<void> {
  const chatId = ctx.chatId!;
  const { sequelize, org } = ctx.crm;
  const session: WorkerSession = { nonce: newNonce(), draft: flow === 'report' ? startReport() : startExpense() };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { version } = await loadSession(sequelize, org.id, chatId);
    if (await saveSession(sequelize, org.id, chatId, session, version)) return showStep(ctx, t, session, worker.id);
  }
  throw new Error('the dialog state kept changing while starting a flow');
}

/**
 * Applies one input to the chat's persisted dialog: load, decide (pure reducer), save with a
 * version check (retrying on a concurrent write), then answer. The final step runs the domain
 * function in the same transaction that clears the dialog, so a double tap files one report.
 */
export async function advanceFlow(ctx: BotContext, t: WorkerTexts, worker: User, session: WorkerSession, version: number, input: FlowInput): Promise<void> {
  const { sequelize, org } = ctx.crm;
  const chatId = ctx.chatId!;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = attempt === 0 ? { session, version } : await loadSession(sequelize, org.id, chatId);
    if (!current.session || current.session.nonce !== session.nonce) return; // finished or replaced meanwhile
    try {
      await applyOnce(ctx, t, worker, current.session, current.version, input);
      return;
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
    }
  }
  throw new Error('the dialog state kept changing; giving up on this update');
}

async function applyOnce(ctx: BotContext, t: WorkerTexts, worker: User, session: WorkerSession, version: number, input: FlowInput): Promise<void> {
  const { sequelize, org } = ctx.crm;
  const chatId = ctx.chatId!;
  const save = async (next: WorkerSession | null) => {
    if (!(await saveSession(sequelize, org.id, chatId, next, version))) throw new VersionConflict();
  };

  if (session.draft.flow === 'report') {
    const event = await reportEvent(ctx, worker, session, input);
    if (!event) return;
    const { state, outcome } = reduceReport(session.draft, event);
    if (outcome.kind === 'submit') return submitReport(ctx, t, worker, session, version);
    const next = state ? { nonce: session.nonce, draft: state } : null;
    if (outcome.kind === 'hint') return void (await ctx.reply(hintText(t, outcome.reason)));
    await save(next);
    if (outcome.kind === 'cancelled') return cancelled(ctx, t);
    if (outcome.kind === 'note_added') {
      await ctx.reply(t.noteAdded);
      return showStep(ctx, t, next!, worker.id);
    }
    if (outcome.kind === 'media_added') {
      if (!outcome.silent) await showStep(ctx, t, next!, worker.id);
      return;
    }
    // A report on the whole project has no stage progress to ask about: pass the step in the
    // direction the worker was going.
    if (next!.draft.flow === 'report' && next!.draft.step === 'progress' && next!.draft.stage_id === null) {
      const action = event.type === 'back' ? 'back' : 'skip';
      return applyOnce(ctx, t, worker, next!, version + 1, { kind: 'action', action: { action } });
    }
    return showStep(ctx, t, next!, worker.id);
  }

  const event = await expenseEvent(ctx, t, worker, session, input);
  if (!event) return;
  const { state, outcome } = reduceExpense(session.draft, event);
  if (outcome.kind === 'submit') return submitExpense(ctx, t, worker, { nonce: session.nonce, draft: state! }, version);
  if (outcome.kind === 'hint') return void (await ctx.reply(hintText(t, outcome.reason)));
  const next = state ? { nonce: session.nonce, draft: state } : null;
  await save(next);
  if (outcome.kind === 'cancelled') return cancelled(ctx, t);
  return showStep(ctx, t, next!, worker.id);
}

async function cancelled(ctx: BotContext, t: WorkerTexts): Promise<void> {
  await closeTappedMessage(ctx);
  await ctx.reply(t.cancelled, { reply_markup: menuKeyboard(t) });
}

function hintText(t: WorkerTexts, reason: string): string {
  switch (reason) {
    case 'need_media':
      return t.hintNeedMedia;
    case 'need_note':
      return t.hintNeedNote;
    case 'bad_progress':
      return t.hintBadProgress;
    case 'bad_amount':
      return t.hintBadAmount;
    case 'need_receipt':
      return t.hintNeedReceipt;
    default:
      return t.hintUseButtons;
  }
}
