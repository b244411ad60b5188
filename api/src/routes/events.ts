import type { StreamEvent } from '@crm/contracts';
import { Router, type Request } from 'express';
import {
  DomainError,
  getConversationView,
  loadMessageView,
  loadNote,
  notificationRoute,
  parseConversationId,
  verifyToken,
  type CrmEvent,
  type EventHub,
  type Logger,
  type SessionVerifier,
  type SignKey,
  type StaffClaims,
} from '@crm/core';
import { Lead, Notification, type Sequelize } from '@crm/database';
import { tokenFrom } from '../auth/token-from.js';

export interface EventsDeps {
  sequelize: Sequelize;
  hub: EventHub;
  jwtSecret: string;
  logger: Logger;
  sign?: SignKey;
  heartbeatMs?: number;
  /** Re-checks the session of every open stream; a revoked one is closed. */
  sessions?: SessionVerifier;
  revalidateMs?: number;
}

/** What the stream sends, typed by the wire contract the back office reads. */
type Payload = StreamEvent<Date>;

/** EventSource cannot send headers, so the token may also come as `?token=`. Staff only. */
async function staffFrom(req: Request, secret: string, sessions?: SessionVerifier): Promise<StaffClaims> {
  const token = tokenFrom(req, { header: true, query: true });
  const signed = token ? verifyToken(token, secret) : null;
  if (!signed) throw new DomainError('unauthorized', 'Sign in first: the token is missing, expired or invalid');
  if (signed.kind !== 'staff') throw new DomainError('forbidden', 'This needs a back-office account');
  const claims = sessions ? await sessions.check(signed) : signed;
  if (!claims || claims.kind !== 'staff') throw new DomainError('unauthorized', 'Your session has ended: sign in again');
  return claims;
}

/**
 * `GET /api/events`: Server-Sent Events of the caller's organization. Each event carries the full
 * serialized message, conversation, lead or notification, so the UI applies it without refetching.
 * Events are not replayed after a reconnect: on `ready` the UI refetches what it shows.
 */
export function eventsRouter(deps: EventsDeps) {
  const router = Router();
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  // One load per event for every connection of the organization.
  const loaded = new WeakMap<CrmEvent, Promise<Payload | null>>();

  const load = async (event: CrmEvent): Promise<Payload | null> => {
    const { org_id: orgId, type, data } = event;
    if (type === 'message.created' || type === 'message.updated') {
      const message = await loadMessageView(deps.sequelize, orgId, data.id, deps.sign);
      const conversation = message.conversation_id
        ? await getConversationView(deps.sequelize, orgId, parseConversationId(message.conversation_id)).catch(() => null)
        : null;
      return { type, conversation_id: message.conversation_id, message, conversation };
    }
    if (type === 'conversation.updated' && data.conversation) {
      const conversation = await getConversationView(deps.sequelize, orgId, parseConversationId(data.conversation)).catch(() => null);
      return conversation ? { type, conversation_id: conversation.id, conversation } : null;
    }
    if (type === 'note.created') {
      const note = await loadNote(deps.sequelize, orgId, data.id);
      return { type, conversation_id: note.conversation_id, note };
    }
    if (type === 'lead.updated') {
      const lead = await Lead.findOne({ where: { id: data.id, org_id: orgId } });
      if (!lead) return null;
      const conversation = await getConversationView(deps.sequelize, orgId, { kind: 'lead', id: lead.id }).catch(() => null);
      return { type, conversation_id: `lead-${lead.id}`, lead: lead.get({ plain: true }), conversation };
    }
    if (type !== 'notification.created') return null;
    const notification = await Notification.findOne({ where: { id: data.id, org_id: orgId } });
    return notification ? { type, notification: { ...notification.get({ plain: true }), link: notificationRoute(notification) } } : null;
  };
  const payloadOf = (event: CrmEvent) => {
    let promise = loaded.get(event);
    if (!promise) {
      promise = load(event).catch((error: unknown) => {
        deps.logger.debug({ err: error, type: event.type }, 'event row not loaded');
        return null;
      });
      loaded.set(event, promise);
    }
    return promise;
  };

  router.get('/', async (req, res) => {
    const staff = await staffFrom(req, deps.jwtSecret, deps.sessions);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);

    let seq = 0;
    let open = true;
    const write = (chunk: string) => {
      if (open) res.write(chunk);
    };
    const send = (type: string, data: unknown) => write(`id: ${++seq}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);

    // Events are written in the order they arrived, whatever each takes to load.
    let chain: Promise<void> = Promise.resolve();
    const unsubscribe = deps.hub.subscribe(staff.org_id, (event) => {
      const payload = payloadOf(event);
      chain = chain.then(async () => {
        const data = await payload;
        if (!data) return;
        if (data.type === 'notification.created') {
          const userId = data.notification.user_id;
          if (userId !== null && userId !== staff.sub) return;
        }
        send(data.type, data);
      });
    });
    const heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs);
    heartbeat.unref();
    // A stream outlives its token check: a demoted, deactivated or logged-out user's stream is ended.
    const revalidate =
      deps.sessions &&
      setInterval(() => {
        deps.sessions!.check(staff).then(
          (current) => {
            if (current) return;
            write('event: session-ended\ndata: {}\n\n');
            close();
            res.end();
          },
          () => {},
        );
      }, deps.revalidateMs ?? 3000);
    revalidate?.unref();

    write('retry: 3000\n\n');
    send('ready', { org_id: staff.org_id, user_id: staff.sub });

    let offHubClose = () => {};
    const close = () => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      if (revalidate) clearInterval(revalidate);
      unsubscribe();
      offHubClose();
    };
    // On shutdown the hub closes first and every stream ends, so the server can close.
    offHubClose = deps.hub.onClose(() => {
      close();
      res.end();
    });
    req.on('close', close);
    res.on('close', close);
    res.on('error', close);
  });
  return router;
}
