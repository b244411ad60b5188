import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { Api, InputFile, TelegramApiError } from 'node-telegram-bot-api';
import { FakeTelegram } from '../src/fake-telegram.js';
import { newToken } from '@crm/testing/bot-harness';

let fake: FakeTelegram;
let api: Api;
let token: string;

beforeAll(async () => {
  fake = await FakeTelegram.start({ maxPollMs: 300 });
  token = newToken();
  api = new Api(token, { apiRoot: fake.apiRoot, maxRetries: 0 });
});

afterAll(async () => {
  await fake.close();
});

describe('fake Telegram Bot API, through the real client library', () => {
  it('decodes urlencoded requests with nested JSON fields and records them', async () => {
    const sent = await api.sendMessage({ chat_id: 42, text: 'Привет', reply_markup: { inline_keyboard: [[{ text: 'Да', callback_data: 'yes' }]] } });
    expect(sent).toMatchObject({ chat: { id: 42 }, text: 'Привет' });
    const [call] = fake.sent(42, token);
    expect(call!.content_type).toContain('application/x-www-form-urlencoded');
    expect(call!.params.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Да', callback_data: 'yes' }]] });
  });

  it('accepts multipart uploads (single and attach:// media groups) and serves them back through getFile', async () => {
    const photo = await api.sendPhoto({
      chat_id: 43,
      photo: new InputFile(new Uint8Array(Buffer.from('jpeg-bytes')), { filename: 'a.jpg', contentType: 'image/jpeg' }),
      caption: 'фото',
    });
    const call = fake.sent(43, token)[0]!;
    expect(call.content_type).toContain('multipart/form-data');
    expect(call.files[0]).toMatchObject({ field: 'photo', filename: 'a.jpg', mime_type: 'image/jpeg' });
    const fileId = photo.photo!.at(-1)!.file_id;
    const file = await api.getFile({ file_id: fileId });
    const download = await fetch(`${fake.apiRoot}/file/bot${token}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('jpeg-bytes');

    const album = await api.sendMediaGroup({
      chat_id: 43,
      media: [
        { type: 'photo', media: new InputFile(new Uint8Array([1, 2]), { filename: 'b.jpg' }) },
        { type: 'document', media: new InputFile(new Uint8Array([3]), { filename: 'c.pdf', contentType: 'application/pdf' }) },
      ],
    });
    expect(album).toHaveLength(2);
    expect(album[0]!.media_group_id).toBe(album[1]!.media_group_id);
    expect(
      fake
        .sent(43, token)
        .at(-1)!
        .files.map((f) => f.filename),
    ).toEqual(['b.jpg', 'c.pdf']);
  });

  it('answers 429 with retry_after, 403 blocked and 5xx when told to', async () => {
    fake.failNext({ kind: 'rate_limited', retry_after: 3 }, 1, { method: 'sendMessage' });
    await expect(api.sendMessage({ chat_id: 44, text: 'x' })).rejects.toMatchObject({ errorCode: 429, retryAfter: 3 });
    fake.failChat(45, { kind: 'blocked' });
    const blocked = await api.sendMessage({ chat_id: 45, text: 'x' }).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(TelegramApiError);
    expect(blocked).toMatchObject({ errorCode: 403, description: 'Forbidden: bot was blocked by the user' });
    fake.failNext({ kind: 'server_error', status: 502 });
    await expect(api.sendMessage({ chat_id: 44, text: 'x' })).rejects.toThrow(/502/);
    fake.clearFaults();
    await expect(api.sendMessage({ chat_id: 45, text: 'x' })).resolves.toMatchObject({ text: 'x' });
  });

  it('enforces a global messages-per-second limit when asked, counting the 429s', async () => {
    fake.setRateLimit({ global: 5 });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => api.sendMessage({ chat_id: 100 + i, text: 'burst' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(fake.rateLimitedCount).toBe(3);
    fake.setRateLimit(undefined);
  });

  it('long-polls getUpdates and refuses it while a webhook is set', async () => {
    const bot = fake.bot(token);
    const pending = api.getUpdates({ timeout: 5 });
    setTimeout(() => bot.pushUpdate({ update_id: 7 }), 50);
    expect(await pending).toEqual([{ update_id: 7 }]);
    expect(await api.getUpdates({ offset: 8, timeout: 0 })).toEqual([]);
    await api.setWebhook({ url: 'http://127.0.0.1:1/hook', secret_token: 'abc' });
    await expect(api.getUpdates({ timeout: 0 })).rejects.toMatchObject({ errorCode: 409 });
    await api.deleteWebhook({});
  });

  it('answers 401 to a revoked token', async () => {
    const other = newToken();
    fake.revoke(other);
    await expect(new Api(other, { apiRoot: fake.apiRoot, maxRetries: 0 }).getMe()).rejects.toMatchObject({ errorCode: 401 });
  });
});
