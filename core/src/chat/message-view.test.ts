import { describe, it, expect } from '@jest/globals';
import { conversationId, parseConversationId } from './conversation.queries.js';
import { messageView, type MessageRow } from './message-view.js';
import { outboundTypeOf } from './chat-actions.service.js';

const row = (id: number, values: Partial<MessageRow> = {}): MessageRow => ({
  id,
  org_id: 1,
  lead_id: 5,
  user_id: null,
  sender_id: null,
  sender_name: null,
  direction: 'inbound',
  kind: 'photo',
  content: '',
  media: [],
  chat_id: 100,
  telegram_message_id: id,
  media_group_id: null,
  status: 'received',
  error: null,
  edited_at: null,
  original_content: null,
  read_at: null,
  sent_at: null,
  created_at: new Date(1_700_000_000_000 + id),
  updated_at: new Date(1_700_000_000_000 + id),
  ...values,
});

describe('conversation ids', () => {
  it('reads lead-, user- and bare ids, and rejects anything else as not found', () => {
    expect(parseConversationId('lead-12')).toEqual({ kind: 'lead', id: 12 });
    expect(parseConversationId('user-7')).toEqual({ kind: 'user', id: 7 });
    expect(parseConversationId('12')).toEqual({ kind: 'lead', id: 12 });
    expect(conversationId({ kind: 'user', id: 7 })).toBe('user-7');
    for (const bad of ['lead-0', 'lead-', 'chat-1', '1;DROP', 'lead-99999999999', '', undefined]) {
      expect(() => parseConversationId(bad)).toThrow(expect.objectContaining({ code: 'not_found' }));
    }
  });
});

describe('message view', () => {
  it('turns the rows of an album into one message: first id, every caption, every medium, signed', async () => {
    const rows = [
      row(12, { media_group_id: 'g', media: [{ type: 'photo', file_id: 'x' }] }),
      row(10, { media_group_id: 'g', content: 'Ванная', media: [{ type: 'photo', key: 'org/1/2026/11/a.jpg', width: 10, height: 20 }] }),
      row(11, { media_group_id: 'g', media: [{ type: 'video', key: 'org/1/2026/11/b.mp4', duration: 3 }], updated_at: new Date(1_800_000_000_000) }),
    ];
    const view = await messageView(rows, 'lead-5', async (key) => `signed:${key}`);
    expect(view).toMatchObject({
      id: 10,
      message_ids: [10, 11, 12],
      kind: 'album',
      content: 'Ванная',
      conversation_id: 'lead-5',
      media_group_id: 'g',
      created_at: rows[1]!.created_at,
      updated_at: new Date(1_800_000_000_000),
    });
    expect(view.media.map((m) => [m.type, m.url])).toEqual([
      ['photo', 'signed:org/1/2026/11/a.jpg'],
      ['video', 'signed:org/1/2026/11/b.mp4'],
      ['photo', null],
    ]);
    expect(view.media[0]).toMatchObject({ width: 10, height: 20 });
  });

  it('keeps a single message as it is, and reports a failed part of an album', async () => {
    const single = await messageView([row(3, { kind: 'text', content: 'hi' })], null);
    expect(single).toMatchObject({ id: 3, message_ids: [3], kind: 'text', content: 'hi', media: [] });
    const failed = await messageView([row(4, { status: 'sent' }), row(5, { status: 'failed', error: 'too big' })], 'lead-5');
    expect(failed).toMatchObject({ status: 'failed', error: 'too big' });
  });

  it('sends photos and mp4 inline and everything else as documents', () => {
    expect(outboundTypeOf('image/jpeg')).toBe('photo');
    expect(outboundTypeOf('image/png; charset=binary')).toBe('photo');
    expect(outboundTypeOf('video/mp4')).toBe('video');
    expect(outboundTypeOf('image/svg+xml')).toBe('document');
    expect(outboundTypeOf('application/pdf')).toBe('document');
  });
});
