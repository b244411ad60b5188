import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChatLogState } from './chat-log.js';
import type { RegisteredFile } from './fake-telegram-bot.js';

const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;
const SAVE_DELAY_MS = 250;

/** Writes through a temporary file and a rename, so a crash mid-write never leaves half a file. */
function writeAtomic(file: string, body: string | Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, body);
  renameSync(temporary, file);
}

/**
 * What a long-running sandbox keeps on disk so a restart loses nothing the page shows: every bot's
 * chats (messages as their people saw them, menu buttons) and every file sent either way, so photos,
 * voice notes and getFile downloads of old messages keep working. One directory under the data dir.
 */
export class SandboxStore {
  private readonly pending = new Map<number, () => ChatLogState>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly dir: string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    mkdirSync(path.join(dir, 'files'), { recursive: true });
    mkdirSync(path.join(dir, 'chats'), { recursive: true });
  }

  saveFile(file: RegisteredFile): void {
    const { body, ...meta } = file;
    try {
      writeAtomic(path.join(this.dir, 'files', file.file_id), body);
      writeAtomic(path.join(this.dir, 'files', `${file.file_id}.json`), JSON.stringify(meta));
    } catch (error) {
      this.onError(error);
    }
  }

  loadFile(fileId: string): RegisteredFile | undefined {
    if (!SAFE_ID.test(fileId)) return undefined;
    try {
      const meta = JSON.parse(readFileSync(path.join(this.dir, 'files', `${fileId}.json`), 'utf8')) as Omit<RegisteredFile, 'body'>;
      return { ...meta, body: readFileSync(path.join(this.dir, 'files', fileId)) };
    } catch {
      return undefined;
    }
  }

  loadChats(botId: number): ChatLogState | null {
    try {
      return JSON.parse(readFileSync(this.chatsFile(botId), 'utf8')) as ChatLogState;
    } catch {
      return null;
    }
  }

  /** Saves a bot's chats shortly after they change (a burst of messages is one write). */
  saveChatsSoon(botId: number, snapshot: () => ChatLogState): void {
    this.pending.set(botId, snapshot);
    this.timer ??= setTimeout(() => this.flush(), SAVE_DELAY_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [botId, snapshot] of this.pending) {
      try {
        writeAtomic(this.chatsFile(botId), JSON.stringify(snapshot()));
      } catch (error) {
        this.onError(error);
      }
    }
    this.pending.clear();
  }

  private chatsFile(botId: number): string {
    return path.join(this.dir, 'chats', `${botId}.json`);
  }
}
