import { Bot, type BotOptions } from 'node-telegram-bot-api';
import type { Sequelize } from '@crm/database';
import { publishEvent, type JobQueue, type Logger, type PublishEvent } from '@crm/core';
import { composerFor, type BotFeature, type BotOrg, type CrmState } from './context.js';
import { resolvePerson, unknownPerson } from './features/person.js';
import { answerDomainErrors } from './domain-errors.js';

export interface OrgBotDeps {
  sequelize: Sequelize;
  logger: Logger;
  queue: JobQueue | null;
  features: BotFeature[];
  botOptions: BotOptions;
}

/**
 * One organization's bot: the context (org, db, queue, per-update logger), the answer to domain
 * refusals (in the person's language, by code), who wrote, then the features in order. The
 * boundary comes before anything that may call core, so every refusal is answered once and the
 * update counts as handled; it rethrows anything else, so a failing handler marks the journaled
 * update failed (and retried) instead of being swallowed.
 */
export function createOrgBot(token: string, org: BotOrg, deps: OrgBotDeps): Bot {
  const bot = new Bot(token, deps.botOptions);
  const publish: PublishEvent = (event) => publishEvent(deps.sequelize, event);
  bot.use(async (ctx, next) => {
    const logger = deps.logger.child({ org_id: org.id, update_id: ctx.update.update_id });
    const crm: CrmState = { org, sequelize: deps.sequelize, queue: deps.queue, publish, logger, person: unknownPerson() };
    Object.assign(ctx, { crm });
    await next();
  });
  const composer = composerFor(bot);
  composer.use(answerDomainErrors);
  composer.use(async (ctx, next) => {
    const from = ctx.from;
    if (from && !from.is_bot) ctx.crm.person = await resolvePerson(org.id, from.id);
    await next();
  });
  for (const feature of deps.features) feature.register(composer);
  bot.catch((error) => {
    throw error;
  });
  return bot;
}
