import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { signInitData, type Logger } from '@crm/core';
import type { Sequelize } from '@crm/database';
import type { FakeTelegram } from '../fake-telegram.js';
import type { FakeBotState } from '../fake-telegram-bot.js';
import { organizationPersonas, sandboxBots, type SandboxBot } from './directory.js';
import { act, type PersonAction } from './person-updates.js';

export interface SandboxDeps {
  telegram: FakeTelegram;
  sequelize: Sequelize;
  logger: Logger;
  /** The built page (telegram-sim/page/dist); the page answers 503 with a hint until it is built. */
  pageDir: string;
}

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 20 * 1024 * 1024, files: 10 } }).array('file', 10);

const PHOTO = /^image\/(jpeg|png|webp|gif)$/;
/** The extension Telegram's file path would carry (a voice note is `.oga`). */
const extensionOf = (file: Express.Multer.File) => {
  const type = file.mimetype.split(';')[0]!.trim().toLowerCase();
  if (type === 'audio/ogg') return 'oga';
  if (type === 'audio/webm') return 'webm';
  return path.extname(file.originalname).slice(1).toLowerCase() || 'bin';
};

const person = z.object({
  id: z.coerce.number().int().positive().max(9_999_999_999),
  first_name: z.string().trim().min(1).max(64),
  last_name: z.string().trim().max(64).optional(),
  language_code: z.enum(['ru', 'en']).optional(),
});

const sendBody = z.object({
  from: z.preprocess((v) => (typeof v === 'string' ? JSON.parse(v) : v), person),
  kind: z.enum(['text', 'start', 'contact', 'photo', 'document', 'voice', 'album']),
  text: z.string().max(4096).optional(),
  payload: z
    .string()
    .regex(/^[\w-]{0,64}$/, 'must be up to 64 letters, digits, _ or -')
    .optional(),
  phone: z
    .string()
    .regex(/^\+?\d{7,15}$/, 'must be a phone number')
    .optional(),
  caption: z.string().max(1024).optional(),
  /** A voice note's length in whole seconds, as the recording app measured it. */
  duration: z.coerce.number().int('must be whole seconds').min(0).max(3_600).optional(),
});

const pressBody = z.object({ from: person, message_id: z.coerce.number().int().positive(), data: z.string().min(1).max(64) });
const webAppBody = z.object({
  from: person,
  url: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) address'),
});

class BadInput extends Error {
  constructor(readonly fields: Record<string, { code: string; message: string }>) {
    super(`Check ${Object.keys(fields).join(', ')}`);
  }
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields: Record<string, { code: string; message: string }> = {};
  for (const issue of result.error.issues) fields[issue.path.join('.') || 'body'] ??= { code: 'invalid', message: issue.message };
  throw new BadInput(fields);
}

/**
 * The sandbox page and its API: pick a person, write to the organization's bot as them, follow the
 * chat live (server-sent events) and open the Mini App with init data signed like Telegram signs it.
 * Everything a person does reaches the bot as a Telegram update; everything the bot answers arrives
 * through its own Bot API calls to this server.
 */
export function sandboxRouter(deps: SandboxDeps) {
  const router = express.Router();
  const api = express.Router();

  const botFor = async (req: Request): Promise<{ meta: SandboxBot; bot: FakeBotState }> => {
    const botId = Number(req.params.botId);
    const meta = (await sandboxBots(deps.sequelize)).find((b) => b.bot_id === botId);
    const bot = meta ? deps.telegram.botById(botId) : undefined;
    if (!meta || !bot || bot.token !== meta.token)
      throw Object.assign(new Error('This bot is not running in the sandbox (yet): is the bot process up?'), { status: 404, code: 'not_found' });
    return { meta, bot };
  };

  api.get('/bots', async (_req, res) => {
    const bots = await sandboxBots(deps.sequelize);
    res.json(bots.map(({ token, ...bot }) => ({ ...bot, running: deps.telegram.botById(bot.bot_id)?.token === token })));
  });

  api.get('/bots/:botId/personas', async (req, res) => {
    const { meta } = await botFor(req);
    res.json(await organizationPersonas(deps.sequelize, meta.org_id));
  });

  /** One chat as it stands: its messages, its menu button, the bot's commands (setMyCommands) and the number of the last change they include. */
  api.get('/bots/:botId/chats/:chatId', async (req, res) => {
    const { bot } = await botFor(req);
    const chatId = Number(req.params.chatId);
    res
      .set('cache-control', 'no-store')
      .json({ seq: bot.log.seq, messages: bot.log.history(chatId), menu_button: bot.log.menu(chatId) ?? bot.menuButton, commands: bot.commands });
  });

  /**
   * Every change in every chat of the bot, numbered, as server-sent events. One stream per page, however
   * many chats it shows: browsers allow only six connections to a host, and the Mini App needs some.
   */
  api.get('/bots/:botId/events', async (req, res) => {
    const { bot } = await botFor(req);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(`event: ready\ndata: ${JSON.stringify({ seq: bot.log.seq })}\n\n`);
    const unsubscribe = bot.log.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });

  api.post('/bots/:botId/chats/:chatId/send', express.json(), upload, async (req, res) => {
    const { bot } = await botFor(req);
    const body = parse(sendBody, req.body);
    if (body.from.id !== Number(req.params.chatId)) throw new BadInput({ from: { code: 'invalid', message: 'must be the person of this chat' } });
    const files = (req.files ?? []) as Express.Multer.File[];
    const action = ((): PersonAction => {
      switch (body.kind) {
        case 'text':
          if (!body.text?.trim()) throw new BadInput({ text: { code: 'required', message: 'Write a message' } });
          return { kind: 'text', text: body.text };
        case 'start':
          return { kind: 'start', payload: body.payload };
        case 'contact':
          if (!body.phone) throw new BadInput({ phone: { code: 'required', message: 'This person has no phone number to share' } });
          return { kind: 'contact', phone: body.phone.startsWith('+') ? body.phone : `+${body.phone}` };
        case 'photo':
        case 'document':
        case 'voice': {
          const file = files[0];
          if (!file || files.length > 1) throw new BadInput({ file: { code: 'required', message: 'Choose one file' } });
          if (body.kind === 'photo' && !PHOTO.test(file.mimetype))
            throw new BadInput({ file: { code: 'invalid', message: 'A photo must be a JPEG, PNG, WebP or GIF image' } });
          if (body.kind === 'voice' && !file.mimetype.startsWith('audio/'))
            throw new BadInput({ file: { code: 'invalid', message: 'A voice note must be an audio file' } });
          if (body.kind === 'voice' && body.duration === undefined)
            throw new BadInput({ duration: { code: 'required', message: 'A voice note needs its length in seconds' } });
          const registered = deps.telegram.registerFile(file.buffer, { mime_type: file.mimetype.split(';')[0]!.trim(), extension: extensionOf(file) });
          return body.kind === 'voice'
            ? { kind: 'voice', file: registered, duration: body.duration! }
            : { kind: body.kind, file: registered, file_name: file.originalname, caption: body.caption };
        }
        case 'album': {
          if (files.length < 2) throw new BadInput({ file: { code: 'invalid', message: 'An album needs 2 to 10 photos or videos' } });
          if (files.some((f) => !PHOTO.test(f.mimetype) && !f.mimetype.startsWith('video/')))
            throw new BadInput({ file: { code: 'invalid', message: 'An album holds only photos and videos' } });
          const items = files.map((f) => ({
            type: PHOTO.test(f.mimetype) ? ('photo' as const) : ('video' as const),
            file: deps.telegram.registerFile(f.buffer, { mime_type: f.mimetype, extension: extensionOf(f) }),
            file_name: f.originalname,
          }));
          return { kind: 'album', items, caption: body.caption };
        }
      }
    })();
    const result = await act(bot, body.from, action);
    res.status(202).json({ delivered: result.ok ? (result.delivered?.status ?? 'queued') : null });
  });

  api.post('/bots/:botId/chats/:chatId/press', express.json(), async (req, res) => {
    const { bot } = await botFor(req);
    const body = parse(pressBody, req.body);
    if (body.from.id !== Number(req.params.chatId)) throw new BadInput({ from: { code: 'invalid', message: 'must be the person of this chat' } });
    const result = await act(bot, body.from, { kind: 'press', message_id: body.message_id, data: body.data });
    if (!result.ok) throw new BadInput({ [result.field]: { code: 'not_found', message: result.reason } });
    res.status(202).json({ delivered: result.delivered?.status ?? 'queued' });
  });

  /** The Mini App address with init data for this person, signed with the bot's token as Telegram does. */
  api.post('/bots/:botId/webapp', express.json(), async (req, res) => {
    const { meta } = await botFor(req);
    const body = parse(webAppBody, req.body);
    const { id, first_name, last_name, language_code } = body.from;
    const initData = signInitData(
      {
        user: { id, first_name, ...(last_name ? { last_name } : {}), language_code: language_code ?? meta.locale },
        auth_date: Math.floor(Date.now() / 1000),
        chat_type: 'private',
        chat_instance: `sandbox${id}`,
      },
      meta.token,
    );
    const fragment = new URLSearchParams({ tgWebAppData: initData, tgWebAppVersion: '8.0', tgWebAppPlatform: 'web' });
    res.json({ url: `${body.url.split('#')[0]}#${fragment.toString()}` });
  });

  api.get('/bots/:botId/files/:fileId', async (req, res) => {
    await botFor(req);
    const file = deps.telegram.file(String(req.params.fileId));
    if (!file) return void res.status(404).json({ error: 'not_found', message: 'No such file' });
    res.set({ 'content-type': file.mime_type, 'cache-control': 'private, max-age=3600' }).send(file.body);
  });

  api.use(express.urlencoded({ extended: false }));
  api.use((_req, res) => void res.status(404).json({ error: 'not_found', message: 'Not found' }));
  api.use((err: Error & { status?: number; code?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof BadInput) return void res.status(422).json({ error: 'validation', code: 'validation', message: err.message, fields: err.fields });
    if (err instanceof SyntaxError)
      return void res.status(400).json({
        error: 'validation',
        code: 'validation',
        message: 'The body is not valid JSON',
        fields: { from: { code: 'invalid', message: 'must be JSON' } },
      });
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) deps.logger.error({ err }, 'sandbox request failed');
    res.status(status).json({ error: err.code ?? (status === 500 ? 'internal' : 'bad_request'), message: status === 500 ? 'Internal error' : err.message });
  });

  router.use('/sandbox/api', api);
  const index = path.join(deps.pageDir, 'index.html');
  router.use('/sandbox', express.static(deps.pageDir, { index: false }));
  router.get(['/sandbox', '/sandbox/{*splat}'], (_req, res) => {
    if (!existsSync(index))
      return void res.status(503).type('text/plain').send('The sandbox page is not built yet: run `npm run build` (npm start does it for you).');
    res.set('cache-control', 'no-cache').sendFile(index);
  });
  router.get('/', (_req, res) => res.redirect('/sandbox/'));
  return router;
}
