import { describe, it, expect } from '@jest/globals';
import type { Message } from 'node-telegram-bot-api';
import { displayName, messageContent, startPayload } from './message-content.js';

const base = { message_id: 1, date: 0, chat: { id: 5, type: 'private' } };
const msg = (extra: Record<string, unknown>) => ({ ...base, ...extra }) as unknown as Message;

describe('messageContent', () => {
  it('keeps the largest photo size even when Telegram does not send it last', () => {
    const photo = [
      { file_id: 'a', file_unique_id: 'ua', width: 90, height: 90, file_size: 10 },
      { file_id: 'c', file_unique_id: 'uc', width: 1280, height: 1280, file_size: 300 },
      { file_id: 'b', file_unique_id: 'ub', width: 320, height: 320, file_size: 40 },
    ];
    expect(messageContent(msg({ photo, caption: 'кухня' }))).toEqual({
      kind: 'photo',
      content: 'кухня',
      media: [{ type: 'photo', file_id: 'c', file_unique_id: 'uc', mime_type: 'image/jpeg', size: 300, width: 1280, height: 1280 }],
    });
  });

  it('names the kind of each message and keeps what it says', () => {
    expect(messageContent(msg({ text: 'hi' }))).toMatchObject({ kind: 'text', content: 'hi', media: [] });
    expect(messageContent(msg({ voice: { file_id: 'v', file_unique_id: 'uv', duration: 3, mime_type: 'audio/ogg' } }))).toMatchObject({
      kind: 'voice',
      media: [{ type: 'voice', duration: 3, mime_type: 'audio/ogg' }],
    });
    expect(messageContent(msg({ contact: { phone_number: '79001234567', first_name: 'A' } }))).toMatchObject({ kind: 'contact', content: '79001234567' });
    expect(messageContent(msg({ location: { latitude: 55.75, longitude: 37.61 } }))).toMatchObject({ kind: 'location', content: '55.75, 37.61' });
    expect(messageContent(msg({ dice: { emoji: '🎲', value: 3 } }))).toMatchObject({ kind: 'other', content: '' });
  });
});

describe('startPayload and displayName', () => {
  it('reads a deep-link payload and nothing else', () => {
    expect(startPayload('/start avito_2024')).toBe('avito_2024');
    expect(startPayload('/start@remont_bot site-form')).toBe('site-form');
    expect(startPayload('/start')).toBeNull();
    expect(startPayload('/start two words')).toBeNull();
    expect(startPayload('start avito')).toBeNull();
  });

  it('prefers the full name, then the username, then the id', () => {
    expect(displayName({ id: 1, first_name: 'Ирина', last_name: 'Петрова' })).toBe('Ирина Петрова');
    expect(displayName({ id: 1, first_name: '', username: 'irina' })).toBe('irina');
    expect(displayName({ id: 7 })).toBe('Telegram 7');
  });
});
