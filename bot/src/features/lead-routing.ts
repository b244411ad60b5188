import type { Message } from 'node-telegram-bot-api';
import { Lead, Organization } from '@crm/database';
import { attributeLeadSource, onLeadInboundMessage, recordLeadPhone, UNATTRIBUTED_SOURCE, storeInbound, type InboundMessage } from '@crm/core';
import type { BotContext, BotFeature } from '../context.js';
import { displayName, messageContent, startPayload } from './message-content.js';
import { acknowledgeQuestion } from './client/estimates.js';

/** The InboundMessage for a Telegram message in this context (shared by routing and edits). */
export function inboundFrom(ctx: BotContext, message: Message, extra: Partial<InboundMessage> = {}): InboundMessage {
  const { kind, content, media } = messageContent(message);
  const from = message.from;
  return {
    org_id: ctx.crm.org.id,
    chat: { id: message.chat.id, type: message.chat.type, ...('title' in message.chat && message.chat.title ? { title: message.chat.title } : {}) },
    person: ctx.crm.person,
    ...(from ? { from } : {}),
    source: startPayload(message.text) ?? UNATTRIBUTED_SOURCE,
    name: from ? displayName(from) : displayName({ id: message.chat.id }),
    telegram_message_id: message.message_id,
    kind,
    content,
    media,
    media_group_id: message.media_group_id ?? null,
    reply_to_telegram_message_id: message.reply_to_message?.message_id ?? null,
    ...extra,
  };
}

/**
 * Stores every private or group message in its conversation: a first message from an unknown
 * person creates a lead (source: the /start deep-link payload, kept for ad tracking, or 'telegram'),
 * a known lead's is appended, a client's goes to their one thread, a staff member's is kept against
 * their user. A group's messages go to the group's conversation with each sender's name (its
 * project's, once linked): never a lead, never an AI turn. Channel posts pass on.
 */
export const leadRoutingFeature: BotFeature = {
  name: 'lead-routing',
  register(bot) {
    bot.on('message', async (ctx, next) => {
      const message = ctx.message!;
      if (message.chat.type === 'channel' || (!message.from && message.chat.type === 'private')) return next();
      const stored = await storeInbound(ctx.crm, inboundFrom(ctx, message));
      ctx.crm.logger.info({ message_id: stored.id, lead_id: stored.lead_id, user_id: stored.user_id, created: stored.created }, 'inbound message stored');
      if (stored.created && stored.estimate_id) await acknowledgeQuestion(ctx);
      // An ad's deep link opened by a lead who first wrote without one: the payload becomes their source.
      const payload = startPayload(message.text);
      if (payload && stored.follow_up && stored.lead_id && !stored.user_id && message.chat.type === 'private') {
        await attributeLeadSource(ctx.crm.sequelize, { org_id: ctx.crm.org.id, lead_id: stored.lead_id, source: payload });
      }
      // A phone the lead gives (their own contact, or typed) lands on the lead card.
      if (stored.follow_up && stored.lead_id && !stored.user_id && message.chat.type === 'private') {
        const ownContact = message.contact && message.contact.user_id === message.from?.id ? message.contact.phone_number : null;
        await recordLeadPhone(ctx.crm.sequelize, {
          org_id: ctx.crm.org.id,
          lead_id: stored.lead_id,
          own_contact: ownContact,
          text: message.text ?? message.caption ?? null,
        });
      }
      // A prospective client's new message in a private chat asks the AI for a (debounced) turn: one
      // turn per lead and last answer (the job's unique key), so a retried update asks for the same one.
      if (stored.follow_up && stored.lead_id && !stored.user_id && message.chat.type === 'private' && ctx.crm.queue && !ctx.crm.answered) {
        // The lead resolved for this update is current for the AI's switches; only a first contact needs a read.
        const known = ctx.crm.person.lead;
        const lead = known?.id === stored.lead_id ? known : await Lead.findOne({ where: { id: stored.lead_id, org_id: ctx.crm.org.id } });
        // The organization's switch and the lead's last outbound message were read with the message itself.
        const org = stored.ai
          ? { id: ctx.crm.org.id, ai_enabled: stored.ai.org_enabled }
          : await Organization.findByPk(ctx.crm.org.id, { attributes: ['id', 'ai_enabled'] });
        // Not queued (the database stayed away past the queue's own retries): the update fails and is taken again.
        if (lead && org) await onLeadInboundMessage({ queue: ctx.crm.queue }, lead, org, stored.ai ? stored.ai.last_outbound_id : undefined);
      }
    });
  },
};
