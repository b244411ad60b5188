import { Organization, Stage } from '@crm/database';
import { expenseCategories, listAssignedProjects } from '@crm/core';
import type { BotContext } from '../../context.js';
import { present } from '../dialog-message.js';
import type { WorkerSession } from './session-store.js';
import { stepButtons } from './keyboards.js';
import { categoryLabel, type WorkerTexts } from './texts.js';

/** Shows the screen of the dialog's current step (the question and its buttons), in place of the tapped one when it can. */
export async function showStep(ctx: BotContext, t: WorkerTexts, session: WorkerSession, workerId: number): Promise<void> {
  const { draft, nonce } = session;
  const { org, sequelize } = ctx.crm;
  const scope = { org_id: org.id, user_id: workerId };
  if (draft.flow === 'report') {
    const { button, markup } = stepButtons(nonce, draft.step);
    switch (draft.step) {
      case 'choose_project': {
        const projects = await listAssignedProjects(sequelize, scope);
        return present(ctx, t.chooseProject, {
          reply_markup: markup(
            projects.map((p) => [button(p.name, { action: 'project', id: p.id })]),
            t,
          ),
        });
      }
      case 'choose_stage': {
        const project = (await listAssignedProjects(sequelize, scope)).find((p) => p.id === draft.project_id);
        const rows = (project?.stages ?? []).map((s) => [button(`${s.name} · ${s.progress_pct}%`, { action: 'stage', id: s.id })]);
        rows.push([button(t.wholeProject, { action: 'stage', id: 0 })]);
        return present(ctx, t.chooseStage(project?.name ?? ''), { reply_markup: markup(rows, t) });
      }
      case 'media':
        return present(ctx, draft.media.length ? t.mediaReceived(draft.media.length) : t.sendMedia, {
          reply_markup: markup([[button(t.done, { action: 'done' })]], t),
        });
      case 'note':
        return present(ctx, t.sendNote, { reply_markup: markup([], t) });
      case 'progress': {
        const stage = draft.stage_id ? await Stage.findOne({ where: { id: draft.stage_id, org_id: org.id } }) : null;
        const pcts = [25, 50, 75, 100].map((pct) => button(`${pct}%`, { action: 'progress', pct }));
        return present(ctx, t.askProgress(stage?.name ?? '', stage?.progress_pct ?? 0), {
          reply_markup: markup([pcts, [button(t.skip, { action: 'skip' })]], t),
        });
      }
      case 'confirm': {
        const project = (await listAssignedProjects(sequelize, scope)).find((p) => p.id === draft.project_id);
        const stage = project?.stages.find((s) => s.id === draft.stage_id);
        const summary = t.confirmSummary({
          project: project?.name ?? '',
          stage: stage?.name ?? null,
          media: draft.media.length,
          text: draft.text,
          voice: draft.voice !== null,
          progress: draft.progress_pct,
        });
        return present(ctx, summary, { reply_markup: markup([[button(t.confirm, { action: 'confirm' })]], t) });
      }
    }
  }
  const { button, markup } = stepButtons(nonce, draft.step);
  switch (draft.step) {
    case 'amount':
      return present(ctx, t.askAmount, { reply_markup: markup([], t, { back: false }) });
    case 'category': {
      const org = await Organization.findByPk(ctx.crm.org.id, { attributes: ['id', 'expense_categories'] });
      const categories = org ? expenseCategories(org) : ['other'];
      const rows = categories.map((c, index) => [button(categoryLabel(t, c), { action: 'category', index })]);
      return present(ctx, t.chooseCategory(draft.amount ?? ''), { reply_markup: markup(rows, t) });
    }
    case 'project': {
      const projects = await listAssignedProjects(sequelize, scope);
      return present(ctx, t.chooseExpenseProject, {
        reply_markup: markup(
          projects.map((p) => [button(p.name, { action: 'project', id: p.id })]),
          t,
        ),
      });
    }
    case 'stage': {
      const project = (await listAssignedProjects(sequelize, scope)).find((p) => p.id === draft.project_id);
      const rows = (project?.stages ?? []).map((s) => [button(s.name, { action: 'stage', id: s.id })]);
      rows.push([button(t.wholeProject, { action: 'stage', id: 0 })]);
      return present(ctx, t.chooseExpenseStage, { reply_markup: markup(rows, t) });
    }
    case 'receipt':
      return present(ctx, t.sendReceipt, { reply_markup: markup([[button(t.noReceipt, { action: 'skip' })]], t) });
  }
}
