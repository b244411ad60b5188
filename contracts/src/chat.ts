import type { ConversationKind, ConversationState, DeliveryStatus, MediaType, MessageDirection } from './enums.js';
import type { StoredMediaView } from './projects.js';
import type { Moment } from './wire.js';

/** A label the team puts on conversations. */
export interface ConversationLabel {
  id: number;
  name: string;
  color: string;
}

/** GET/POST/PUT/DELETE /api/chat-labels: a label with the columns of its row. */
export interface ChatLabelRecord<Time extends Moment = string> extends ConversationLabel {
  org_id: number;
  created_at: Time;
  updated_at: Time;
}

/** The latest message of a conversation, for the inbox row. */
interface LastMessageSummary<Time extends Moment = string> {
  id: number;
  direction: MessageDirection;
  kind: string;
  content: string;
  media_count: number;
  status: string;
  created_at: Time;
}

/** A conversation as GET /api/chats answers it: `lead-<id>`, `user-<id>` or a Telegram group's `group-<id>`. */
export interface ConversationView<Time extends Moment = string> {
  id: string;
  kind: ConversationKind;
  lead_id: number | null;
  user_id: number | null;
  person: { name: string; username: string | null; phone: string | null; role: string | null; telegram_id: number | null };
  is_group: boolean;
  /** A Telegram group's conversation: the group, and the project it is linked to (then `person.name` is the project's). */
  group: { id: number; title: string; chat_id: number; project_id: number | null; project_name: string | null; bot_present: boolean } | null;
  status: string | null;
  manager_id: number | null;
  manager: { id: number; name: string } | null;
  ai_enabled: boolean | null;
  ai_paused_reason: string | null;
  needs_manager: boolean;
  unreachable: boolean;
  unread_count: number;
  hotness: number | null;
  last_message: LastMessageSummary<Time> | null;
  last_message_at: Time | null;
  created_at: Time;
  /** `resolved` once a manager closes it; the person's next message opens it again. */
  state: ConversationState;
  resolved_at: Time | null;
  labels: ConversationLabel[];
}

/** GET /api/chats/counts: the inbox tabs. */
export interface ConversationCounts {
  mine: number;
  unassigned: number;
  needs_manager: number;
  unread: number;
  all: number;
  resolved: number;
}

/** The estimate a client's message asks about. */
export interface EstimateRef {
  id: number;
  title: string;
  version: number;
}

/** An attachment of a message, with a short-lived signed URL (null while it is still being fetched from Telegram). */
export interface MediaView {
  type: MediaType;
  url: string | null;
  file_name: string | null;
  mime_type: string | null;
  size: number | null;
  duration: number | null;
  width: number | null;
  height: number | null;
  /** Why the file was not saved (`storage_quota`); null when it is stored or still loading. */
  not_saved: 'storage_quota' | null;
}

/** One message of a thread; an album (several Telegram messages) is one message with several media. */
export interface MessageView<Time extends Moment = string> {
  /** The id of the first row. */
  id: number;
  message_ids: number[];
  conversation_id: string | null;
  lead_id: number | null;
  user_id: number | null;
  group_id: number | null;
  sender_id: number | null;
  /** A staff sender's name, or a group member's name as Telegram shows it. */
  sender_name: string | null;
  direction: MessageDirection;
  kind: string;
  content: string;
  media: MediaView[];
  media_group_id: string | null;
  /** The message this one answers. */
  reply_to: { id: number; content: string; kind: string; direction: MessageDirection; sender_name: string | null } | null;
  status: DeliveryStatus;
  error: string | null;
  /** Failed attempts so far and when the next one is due (while `retrying`). */
  attempts: number;
  next_attempt_at: Time | null;
  /** Inbound media still being fetched from Telegram (`loading`), or given up on (`failed`, a retry is offered). */
  media_state: 'loading' | 'failed' | null;
  media_error: string | null;
  telegram_message_id: number | null;
  edited_at: Time | null;
  original_content: string | null;
  read_at: Time | null;
  sent_at: Time | null;
  created_at: Time;
  updated_at: Time;
  /** A client's question about this estimate. */
  estimate_id: number | null;
  estimate: EstimateRef | null;
}

/** A private note of the team in a conversation (never sent to Telegram). */
export interface NoteView<Time extends Moment = string> {
  id: number;
  conversation_id: string;
  author_id: number | null;
  author_name: string | null;
  content: string;
  created_at: Time;
}

/** GET /api/chats/:id/messages: a page of a conversation, newest first. */
export interface MessagePage<Time extends Moment = string> {
  data: MessageView<Time>[];
  /** The private notes written in the time this page spans (oldest first). */
  notes: NoteView<Time>[];
  has_more: boolean;
  /** Pass as `before` to get the next (older) page; null on the last page. */
  next_before: number | null;
}

/** GET /api/chats/search: a message that matches, with the text around the match. */
export interface MessageHit<Time extends Moment = string> {
  message_id: number;
  conversation_id: string;
  conversation_name: string;
  direction: MessageDirection;
  snippet: string;
  created_at: Time;
}

/** GET /api/quick-replies: one of the organization's canned answers, placeholders unfilled. */
export interface QuickReplyRecord<Time extends Moment = string> {
  id: number;
  org_id: number;
  title: string;
  content: string;
  created_at: Time;
  updated_at: Time;
}

/** A quick reply with its placeholders filled for one conversation. */
export interface QuickReplyView {
  id: number;
  title: string;
  content: string;
  text: string;
}

/** The Telegram group linked to a project. */
export interface ProjectGroupView<Time extends Moment = string> {
  id: number;
  chat_id: number;
  title: string;
  bot_status: 'member' | 'left';
  linked_at: Time | null;
  linked_by: { id: number; name: string } | null;
  conversation_id: string;
}

/** A one-time code that links a Telegram group to a project. */
export interface IssuedGroupCode<Time extends Moment = string> {
  code: string;
  /** What to send in the group. */
  command: string;
  expires_at: Time;
  bot_username: string | null;
  /** Opens Telegram's "add the bot to a group" with the code; null while the bot is not connected. */
  add_to_group_url: string | null;
}

/**
 * GET /api/chat-messages: one stored message row as it is kept, with its attachments' signed links
 * (conversations themselves are read through GET /api/chats/:id/messages as MessageView).
 */
export interface ChatMessageRecord<Time extends Moment = string> {
  id: number;
  org_id: number;
  lead_id: number | null;
  user_id: number | null;
  sender_id: number | null;
  /** A Telegram group's conversation. */
  group_id: number | null;
  /** The sender's name as Telegram shows it, for group members who are not users. */
  author_name: string | null;
  direction: MessageDirection;
  kind: string;
  content: string;
  media: StoredMediaView[];
  /** The first attachment's signed link (null without one). */
  media_url: string | null;
  chat_id: number | null;
  telegram_message_id: number | null;
  media_group_id: string | null;
  /** The message of the same thread this one answers. */
  reply_to_id: number | null;
  /** The buttons sent with it, as Telegram's reply_markup. */
  reply_markup: object | null;
  status: DeliveryStatus;
  error: string | null;
  /** Delivery attempts that ended in a transient failure, when the next is due, the sender's lease, the first failure. */
  attempts: number;
  next_attempt_at: Time | null;
  lease_until: Time | null;
  first_failed_at: Time | null;
  /** Inbound media still being fetched from Telegram (`loading`), or given up on (`failed`). */
  media_state: 'loading' | 'failed' | null;
  media_attempts: number;
  media_error: string | null;
  /** A client's question about this estimate. */
  estimate_id: number | null;
  edited_at: Time | null;
  original_content: string | null;
  read_at: Time | null;
  sent_at: Time | null;
  created_at: Time;
  updated_at: Time;
}
