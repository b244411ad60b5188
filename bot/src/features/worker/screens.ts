import { Organization, Stage } from '@crm/database';
import { expenseCategories, listAssignedProjects } from '@crm/core';
import type { BotContext } from '../../context.js';
import type { WorkerSession } from './session-store.js';
import { stepButtons } from './keyboards.js';
import { categoryLabel, type WorkerTexts } from './texts.js';

/** Sends the screen of the dialog's current step: the question and its buttons. */
export async function showStep(ctx: BotContext, t: WorkerTexts, session: WorkerSession, workerId: number): Promise<void> {
  const { draft, nonce } = session;
  const { org, sequelize } = ctx.crm;
  const scope = { org_id: org.id, user_id: workerId };
  if (draft.flow === 'report') {
    const { button, markup } = stepButtons(nonce, draft.step);
    switch (draft.step) {
      case 'choose_project': {
        const projects = await listAssignedProjects(sequelize, scope);
        await ctx.reply(t.chooseProject, { reply_markup: markup(projects.map((p) => [button(p.name, { action: 'project', id: p.id })]), t) });
        return;
      }
      case 'choose_stage': {
        const project = (await listAssignedProjects(sequelize, scope)).find((p) => p.id === draft.project_id);
        const rows = (project?.stages ?? []).map((s) => [button(`${s.name} · ${s.progress_pct}%`, { action: 'stage', id: s.id })]);
        rows.push([button(t.wholeProject, { action: 'stage', id: 0 })]);
        await ctx.reply(t.chooseStage(project?.name ?? ''), { reply_markup: markup(rows, t) });
        return;
      }
      case 'media':
        await ctx.reply(draft.media.length ? t.mediaReceived(draft.media.length) : t.sendMedia, { reply_markup: markup([[button(t.done, { action: 'done' })]], t) });
        return;
      case 'note':
        await ctx.reply(t.sendNote, { reply_markup: markup([], t) });
        return;
      case 'progress': {
        const stage = draft.stage_id ? await Stage.findOne({ where: { id: draft.stage_id, org_id: org.id } }) : null;
        const pcts = [25, 50, 75, 100].map((pct) => button(`${pct}%`, { action: 'progress', pct }));
        await ctx.reply(t.askProgress(stage?.name ?? '', stage?.progress_pct ?? 0), { reply_markup: markup([pcts, [button(t.skip, { action: 'skip' })]], t) });
        return;
      }
      case 'confirm': {
        const project = (await listAssignedProjects(sequelize, scope)).find((p) => p.id === draft.project_id);
        const stage = project?.stages.find((s) => s.id === draft.stage_id);
        const summary = t.confirmSummary({
          project: project?.name ?? '', stage: stage?.name ?? null, media: draft.media.length, text: draft.text, voice: draft.voice !== null, progress: draft.progress_pct,
        });
        await ctx.reply(summary, { reply_markup: markup([[button(t.confirm, { action: 'confirm' })]], t) });
        return;
      }
    }
  }
  const { button, markup } = stepButtons(nonce, draft.step);
  switch (draft.step) {
    case 'amount':
      await ctx.reply(t.askAmount, { reply_markup: markup([], t, { back: false }) });
      return;
    case 'category': {
      const org = await Organization.findByPk(ctx.crm.org.id, { attributes: ['id', 'expense_categories'] });
      const categories = org ? expenseCategories(org) : ['other'];
      const rows = categories.map((c, index) => [button(categoryLabel(t, c), { action: 'category', index })]);
      await ctx.reply(t.chooseCategory(draft.amount ?? ''), { reply_markup: markup(rows, t) });
      return;
    }
    case 'project': {
      const projects = await listAssignedProjects(sequelize, scope);
      await ctx.reply(t.chooseExpenseProject, { reply_markup: markup(projects.map((p) => [button(p.name, { action: 'project', id: p.id })]), t) });
      return;
    }
    case 'stage': {
      const project = (await listAssignedProjects(sequelize, scope)).find((p) => p.id === draft.project_id);
      const rows = (project?.stages ?? []).map((s) => [button(s.name, { action: 'stage', id: s.id })]);
      rows.push([button(t.wholeProject, { action: 'stage', id: 0 })]);
      await ctx.reply(t.chooseExpenseStage, { reply_markup: markup(rows, t) });
      return;
    }
    case 'receipt':
      await ctx.reply(t.sendReceipt, { reply_markup: markup([[button(t.noReceipt, { action: 'skip' })]], t) });
      return;
  }
}
