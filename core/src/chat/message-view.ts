import type * as Wire from '@crm/contracts';
import type { DeliveryStatus, EstimateRef, MediaView } from '@crm/contracts';
import type { MediaItem } from '@crm/database';
import type { ConversationRow } from './conversation.queries.js';
import type { SignKey } from '../storage/storage.js';

/** A chat_messages row as loaded by the chat queries (with the sender's name). */
export interface MessageRow {
  id: number;
  org_id: number;
  lead_id: number | null;
  user_id: number | null;
  group_id?: number | null;
  sender_id: number | null;
  sender_name?: string | null;
  direction: 'inbound' | 'outbound';
  kind: string;
  content: string;
  media: MediaItem[];
  chat_id: number | null;
  telegram_message_id: number | null;
  media_group_id: string | null;
  /** The message this one answers, with what the thread shows of it. */
  reply_to_id?: number | null;
  reply_to_content?: string | null;
  reply_to_kind?: string | null;
  reply_to_direction?: 'inbound' | 'outbound' | null;
  reply_to_sender?: string | null;
  status: DeliveryStatus;
  error: string | null;
  attempts?: number;
  next_attempt_at?: Date | null;
  media_state?: 'loading' | 'failed' | null;
  media_error?: string | null;
  edited_at: Date | null;
  original_content: string | null;
  read_at: Date | null;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
  estimate_id?: number | null;
  estimate?: EstimateRef | null;
}

/** The estimate a client's message asks about, and a message's attachment as the screens get it. */
export type MessageView = Wire.MessageView<Date>;

async function mediaView(item: MediaItem, sign?: SignKey): Promise<MediaView> {
  return {
    type: item.type,
    url: item.key && sign ? await sign(item.key) : null,
    file_name: item.file_name ?? null,
    mime_type: item.mime_type ?? null,
    size: item.size ?? null,
    duration: item.duration ?? null,
    width: item.width ?? null,
    height: item.height ?? null,
    not_saved: item.not_saved ?? null,
  };
}

const latest = (dates: (Date | null)[]) => dates.reduce<Date | null>((max, d) => (d && (!max || new Date(d) > new Date(max)) ? d : max), null);

/** One message of the UI from one row, or from all rows of an album (ordered by id). */
export async function messageView(rows: MessageRow[], conversation: string | null, sign?: SignKey): Promise<MessageView> {
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  const first = sorted[0]!;
  const media = await Promise.all(sorted.flatMap((row) => row.media ?? []).map((item) => mediaView(item, sign)));
  const album = sorted.length > 1 || media.length > 1;
  return {
    id: first.id,
    message_ids: sorted.map((row) => row.id),
    conversation_id: conversation,
    lead_id: first.lead_id,
    user_id: first.user_id,
    group_id: first.group_id ?? null,
    sender_id: first.sender_id,
    sender_name: first.sender_name ?? null,
    direction: first.direction,
    kind: album ? 'album' : first.kind,
    content: sorted
      .map((row) => row.content)
      .filter(Boolean)
      .join('\n'),
    media,
    media_group_id: first.media_group_id,
    reply_to:
      first.reply_to_id && first.reply_to_direction
        ? {
            id: Number(first.reply_to_id),
            content: (first.reply_to_content ?? '').slice(0, 300),
            kind: first.reply_to_kind ?? 'text',
            direction: first.reply_to_direction,
            sender_name: first.reply_to_sender ?? null,
          }
        : null,
    status: sorted.find((row) => row.status === 'failed' || row.status === 'blocked')?.status ?? first.status,
    error: sorted.map((row) => row.error).find(Boolean) ?? null,
    attempts: Math.max(0, ...sorted.map((row) => row.attempts ?? 0)),
    next_attempt_at: sorted.map((row) => row.next_attempt_at ?? null).find(Boolean) ?? null,
    media_state: sorted.some((row) => row.media_state === 'failed') ? 'failed' : sorted.some((row) => row.media_state === 'loading') ? 'loading' : null,
    media_error: sorted.map((row) => row.media_error ?? null).find(Boolean) ?? null,
    telegram_message_id: first.telegram_message_id,
    edited_at: latest(sorted.map((row) => row.edited_at)),
    original_content: sorted.map((row) => row.original_content).find((c) => c != null) ?? null,
    read_at: first.read_at,
    sent_at: first.sent_at,
    created_at: first.created_at,
    updated_at: latest(sorted.map((row) => row.updated_at)) ?? first.updated_at,
    estimate_id: first.estimate_id ?? null,
    estimate: first.estimate ?? null,
  };
}

export type ConversationView = Wire.ConversationView<Date>;

export function conversationView(row: ConversationRow, last: MessageRow | null): ConversationView {
  return {
    id: row.id,
    kind: row.kind,
    lead_id: row.lead_id,
    user_id: row.user_id,
    person: { name: row.name, username: row.username, phone: row.phone, role: row.role, telegram_id: row.telegram_id },
    is_group: row.kind === 'group',
    group:
      row.kind === 'group' && row.group_id
        ? {
            id: row.group_id,
            title: row.group_title ?? '',
            chat_id: Number(row.chat_id),
            project_id: row.project_id,
            project_name: row.project_name,
            bot_present: !row.unreachable,
          }
        : null,
    status: row.status,
    manager_id: row.manager_id,
    manager: row.manager_id && row.manager_name ? { id: row.manager_id, name: row.manager_name } : null,
    ai_enabled: row.ai_enabled,
    ai_paused_reason: row.ai_paused_reason,
    needs_manager: row.needs_manager,
    unreachable: row.unreachable,
    unread_count: row.unread_count,
    hotness: row.hotness,
    last_message: last && {
      id: last.id,
      direction: last.direction,
      kind: last.kind,
      content: last.content.slice(0, 300),
      media_count: (last.media ?? []).length,
      status: last.status,
      created_at: last.created_at,
    },
    last_message_at: row.last_message_at ?? last?.created_at ?? null,
    created_at: row.created_at,
    state: row.resolved_at ? 'resolved' : 'open',
    resolved_at: row.resolved_at ?? null,
    labels: row.labels ?? [],
  };
}
