// The sandbox keeps its chats and files on disk: a restart of the stand-in shows every persona's history
// again, and the bot can still download what was sent before it. Voice notes and albums arrive as
// Telegram sends them.
import { describe, it, expect, afterAll } from '@jest/globals';
import { Api } from 'node-telegram-bot-api';
import type { Message, Update } from 'node-telegram-bot-api';
import { FakeTelegram } from '../src/fake-telegram.js';
import { SandboxStore } from '../src/sandbox-store.js';
import { act } from '../src/sandbox/person-updates.js';
import { newToken } from '@crm/testing/bot-harness';
import { removeDir, tempDir } from '@crm/testing/nginx-harness';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
});

const anna = { id: 610_000_001, first_name: 'Анна', language_code: 'ru' };
const oleg = { id: 610_000_002, first_name: 'Олег', language_code: 'ru' };

async function download(fake: FakeTelegram, api: Api, token: string, fileId: string) {
  const file = await api.getFile({ file_id: fileId });
  const res = await fetch(`${fake.apiRoot}/file/bot${token}/${file.file_path}`);
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()).toString() };
}

describe('the sandbox store', () => {
  it("brings back every persona's chat, menu and files after a restart, and albums and voice notes arrive as Telegram sends them", async () => {
    const dir = await tempDir('sandbox-store');
    dirs.push(dir);
    const token = newToken();
    let fake = await FakeTelegram.start({ maxPollMs: 200, store: new SandboxStore(dir) });
    let api = new Api(token, { apiRoot: fake.apiRoot, maxRetries: 0 });
    const bot = fake.bot(token);

    const voiceFile = fake.registerFile(Buffer.from('OggS-voice-bytes'), { mime_type: 'audio/ogg', extension: 'oga' });
    await act(bot, anna, { kind: 'voice', file: voiceFile, duration: 3 });
    const photos = [1, 2].map((n) => fake.registerFile(Buffer.from(`jpeg-${n}`), { mime_type: 'image/jpeg', extension: 'jpg' }));
    await act(bot, anna, { kind: 'album', items: photos.map((file, n) => ({ type: 'photo' as const, file, file_name: `p${n}.jpg` })), caption: 'Ванная' });
    await act(bot, oleg, { kind: 'text', text: 'Привет' });
    await api.sendMessage({ chat_id: oleg.id, text: 'Здравствуйте, Олег' });
    await api.setChatMenuButton({ chat_id: anna.id, menu_button: { type: 'web_app', text: 'Мой ремонт', web_app: { url: 'http://127.0.0.1/app/?org=1' } } });

    const updates = (await api.getUpdates({ timeout: 0 })) as Update[];
    expect(updates).toHaveLength(4);
    const [voice, first, second] = updates.map((u) => (u as { message: Message }).message);
    expect(voice!.voice).toMatchObject({ mime_type: 'audio/ogg', duration: 3, file_id: voiceFile.file_id });
    expect(first!.media_group_id).toBeTruthy();
    expect(second!.media_group_id).toBe(first!.media_group_id);
    expect([first!.caption, second!.caption]).toEqual(['Ванная', undefined]);
    expect(await download(fake, api, token, voiceFile.file_id)).toEqual({ status: 200, type: 'audio/ogg', body: 'OggS-voice-bytes' });

    const annaBefore = bot.log.history(anna.id);
    await fake.close();

    fake = await FakeTelegram.start({ maxPollMs: 200, store: new SandboxStore(dir) });
    api = new Api(token, { apiRoot: fake.apiRoot, maxRetries: 0 });
    const restarted = fake.bot(token);
    expect(restarted.log.history(anna.id)).toEqual(annaBefore);
    expect(restarted.log.history(oleg.id).map((m) => m.text)).toEqual(['Привет', 'Здравствуйте, Олег']);
    expect(restarted.log.menu(anna.id)).toMatchObject({ type: 'web_app', text: 'Мой ремонт' });
    expect(await download(fake, api, token, voiceFile.file_id)).toEqual({ status: 200, type: 'audio/ogg', body: 'OggS-voice-bytes' });
    expect(await download(fake, api, token, photos[1]!.file_id)).toMatchObject({ status: 200, body: 'jpeg-2' });
    await fake.close();
  });

  it('refuses file ids that are not its own names', () => {
    const store = new SandboxStore(dirs[0]!);
    expect(store.loadFile('../chats/1')).toBeUndefined();
    expect(store.loadFile('FILE-missing')).toBeUndefined();
  });
});
