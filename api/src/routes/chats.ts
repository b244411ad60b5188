import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import {
  DomainError,
  addConversationNote,
  assignConversation,
  conversationCounts,
  getConversationView,
  quickRepliesFor,
  reopenConversation,
  resolveConversation,
  searchMessages,
  setConversationLabels,
  listConversationViews,
  listMessages,
  loadMessageView,
  markConversationRead,
  parseConversationId,
  replyToConversation,
  resendMessage,
  retryMediaIngest,
  MAX_REPLY_FILES,
  type JobQueue,
  type SignKey,
} from '@crm/core';
import type { Sequelize } from '@crm/database';
import { requireStaff, staffOf } from '../auth/middleware.js';
import type { BlobStore } from '../deps.js';
import { multipart } from '../http/multipart.js';
import { contentRange, parseListQuery } from '../http/ra-query.js';

const REPLY_FILE_LIMIT_BYTES = 50 * 1024 * 1024;

export interface ChatsDeps {
  sequelize: Sequelize;
  storage?: BlobStore;
  queue?: JobQueue;
  /** Signs media keys into short-lived links (absent without storage). */
  sign: SignKey | undefined;
}

/** Multipart `text` + `files` (or `files[]`); multer's limits and malformed bodies become 400s naming the field. */
function replyUpload(): RequestHandler {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: REPLY_FILE_LIMIT_BYTES, files: MAX_REPLY_FILES, fields: 10 } }).fields([
    { name: 'files', maxCount: MAX_REPLY_FILES },
    { name: 'files[]', maxCount: MAX_REPLY_FILES },
  ]);
  return multipart(upload, (error) => ({
    field: 'files',
    problem:
      error.code === 'LIMIT_FILE_SIZE'
        ? `must each be at most ${REPLY_FILE_LIMIT_BYTES / 1024 / 1024} MB`
        : error.code === 'LIMIT_FILE_COUNT' || error.code === 'LIMIT_UNEXPECTED_FILE'
          ? `at most ${MAX_REPLY_FILES} files, sent as field "files"`
          : error.message,
  }));
}

function messageIdParam(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError('validation', 'Invalid message id', { fields: { messageId: 'must be a positive integer' } });
  return id;
}

/**
 * The back office's messenger: conversations (one per lead, one per staff member or lead-less
 * client), their messages with cursor pagination, replies with attachments, read marks and
 * assignment. See docs/chat-api.md.
 */
export function chatsRouter(deps: ChatsDeps) {
  const { sequelize } = deps;
  const { sign } = deps;
  const router = Router();
  router.use(requireStaff());

  router.get('/', async (req, res) => {
    const { sort, range, filter } = parseListQuery(req.query, { field: 'last_message_at', order: 'DESC' });
    if (typeof req.query.q === 'string' && filter.q === undefined) filter.q = req.query.q;
    const { data, total } = await listConversationViews(sequelize, staffOf(req).org_id, { filter, sort, offset: range.offset, limit: range.limit });
    res.set('Content-Range', contentRange('chats', range.offset, data.length, total)).json(data);
  });

  // The inbox tabs' counts for the caller, in one aggregate query.
  router.get('/counts', async (req, res) => {
    const staff = staffOf(req);
    res.json(await conversationCounts(sequelize, staff.org_id, staff.sub));
  });

  // Message texts containing `q`, newest first, each with the conversation to open it in.
  router.get('/search', async (req, res) => {
    res.json(await searchMessages(sequelize, staffOf(req).org_id, req.query));
  });

  router.get('/:id', async (req, res) => {
    res.json(await getConversationView(sequelize, staffOf(req).org_id, parseConversationId(req.params.id)));
  });

  router.get('/:id/messages', async (req, res) => {
    res.json(await listMessages(sequelize, staffOf(req).org_id, parseConversationId(req.params.id), req.query, sign));
  });

  router.post('/:id/messages', replyUpload(), async (req, res) => {
    const staff = staffOf(req);
    const ref = parseConversationId(req.params.id);
    if (!deps.queue) throw new DomainError('unavailable', 'Message delivery is not available right now');
    const uploaded = (req.files ?? {}) as Record<string, Express.Multer.File[]>;
    const files = [...(uploaded.files ?? []), ...(uploaded['files[]'] ?? [])];
    const body = (req.body ?? {}) as { text?: unknown; content?: unknown; reply_to_id?: unknown };
    const message = await replyToConversation(
      { sequelize, queue: deps.queue, storage: deps.storage },
      { org_id: staff.org_id, sender_id: staff.sub, conversation: ref, content: body.text ?? body.content, files, reply_to_id: body.reply_to_id },
    );
    res.status(201).json(await loadMessageView(sequelize, staff.org_id, message.id, sign));
  });

  // "Send again" for a failed outbound message: it is queued anew with a fresh retry window.
  router.post('/:id/messages/:messageId/resend', async (req, res) => {
    const staff = staffOf(req);
    parseConversationId(req.params.id);
    if (!deps.queue) throw new DomainError('unavailable', 'Message delivery is not available right now');
    const message = await resendMessage({ sequelize, queue: deps.queue }, { org_id: staff.org_id, id: messageIdParam(req.params.messageId) });
    res.json(await loadMessageView(sequelize, staff.org_id, message.id, sign));
  });

  // "Retry" for an inbound photo or file that could not be fetched from Telegram.
  router.post('/:id/messages/:messageId/media/retry', async (req, res) => {
    const staff = staffOf(req);
    parseConversationId(req.params.id);
    if (!deps.queue) throw new DomainError('unavailable', 'Background jobs are not available right now');
    const message = await retryMediaIngest({ sequelize, queue: deps.queue }, { org_id: staff.org_id, id: messageIdParam(req.params.messageId) });
    res.json(await loadMessageView(sequelize, staff.org_id, message.id, sign));
  });

  router.post('/:id/read', async (req, res) => {
    const orgId = staffOf(req).org_id;
    const ref = parseConversationId(req.params.id);
    const marked = await markConversationRead(sequelize, orgId, ref);
    res.json({ ...(await getConversationView(sequelize, orgId, ref)), marked });
  });

  router.put('/:id/assign', async (req, res) => {
    const orgId = staffOf(req).org_id;
    const ref = parseConversationId(req.params.id);
    await assignConversation(sequelize, orgId, ref, req.body ?? {});
    res.json(await getConversationView(sequelize, orgId, ref));
  });

  router.post('/:id/resolve', async (req, res) => {
    const staff = staffOf(req);
    const ref = parseConversationId(req.params.id);
    await resolveConversation(sequelize, staff.org_id, ref, staff.sub);
    res.json(await getConversationView(sequelize, staff.org_id, ref));
  });

  router.post('/:id/reopen', async (req, res) => {
    const orgId = staffOf(req).org_id;
    const ref = parseConversationId(req.params.id);
    await reopenConversation(sequelize, orgId, ref);
    res.json(await getConversationView(sequelize, orgId, ref));
  });

  router.put('/:id/labels', async (req, res) => {
    const orgId = staffOf(req).org_id;
    const ref = parseConversationId(req.params.id);
    await setConversationLabels(sequelize, orgId, ref, req.body ?? {});
    res.json(await getConversationView(sequelize, orgId, ref));
  });

  // A private note for the team: stored in the thread, never sent to Telegram.
  router.post('/:id/notes', async (req, res) => {
    const staff = staffOf(req);
    const note = await addConversationNote(sequelize, {
      org_id: staff.org_id,
      conversation: parseConversationId(req.params.id),
      author_id: staff.sub,
      body: req.body ?? {},
    });
    res.status(201).json(note);
  });

  // The organization's quick replies with this conversation's placeholders filled.
  router.get('/:id/quick-replies', async (req, res) => {
    const staff = staffOf(req);
    res.json(await quickRepliesFor(sequelize, staff.org_id, parseConversationId(req.params.id), staff.sub));
  });

  return router;
}
