import type { Bot, Context, Middleware, UpdateType } from 'node-telegram-bot-api';
import type { Lead, Sequelize, User } from '@crm/database';
import type { JobQueue, Logger, PublishEvent } from '@crm/core';
import type { RefusalSubject } from './refusal-texts.js';

/** The organization a bot belongs to, as the handlers see it (never the token). */
export interface BotOrg {
  id: number;
  bot_id: number;
  bot_username: string | null;
  locale: 'ru' | 'en';
}

/** Who wrote: the org's User with this telegram_id and/or the Lead with it (a client may have both). */
export interface Person {
  role: 'admin' | 'manager' | 'worker' | 'client' | 'lead' | 'unknown';
  user: User | null;
  lead: Lead | null;
}

/** What every handler gets on `ctx.crm`. */
export interface CrmState {
  org: BotOrg;
  sequelize: Sequelize;
  /** The jobs queue (enqueue only); null when the process runs without one (then media waits). */
  queue: JobQueue | null;
  publish: PublishEvent;
  logger: Logger;
  person: Person;
  /** Set by a feature that has already answered the message; later features only store it. */
  answered?: boolean;
  /** What the update acts on, set by the feature handling it, so a domain refusal is worded for it. */
  subject?: RefusalSubject;
}

export type BotContext = Context & { crm: CrmState };
export type BotMiddleware = Middleware<BotContext>;

/**
 * A typed view of the Bot for feature modules. Handlers receive `BotContext`; the first middleware
 * (installed by the bot manager before any feature) attaches `crm`, so the narrowing is sound.
 */
export interface BotComposer {
  use(...mw: BotMiddleware[]): void;
  on(kind: UpdateType | UpdateType[], ...mw: BotMiddleware[]): void;
  command(name: string | string[], ...mw: BotMiddleware[]): void;
  hears(trigger: string | RegExp | Array<string | RegExp>, ...mw: BotMiddleware[]): void;
}

/** A bot feature: registered in order in features/index.ts; call `next()` for updates it does not handle. */
export interface BotFeature {
  name: string;
  register(bot: BotComposer): void;
}

export function composerFor(bot: Bot): BotComposer {
  const cast = (mw: BotMiddleware[]) => mw as unknown as Middleware<Context>[];
  return {
    use: (...mw) => void bot.use(...cast(mw)),
    on: (kind, ...mw) => void bot.on(kind, ...cast(mw)),
    command: (name, ...mw) => void bot.command(name, ...cast(mw)),
    hears: (trigger, ...mw) => void bot.hears(trigger, ...cast(mw)),
  };
}
