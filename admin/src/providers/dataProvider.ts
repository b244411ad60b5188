import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, Identifier } from 'react-admin';
import { API_URL, downloadFile, httpClient, postForm, postFormWithProgress } from './httpClient';
import { listGetter } from './listPage';
import { queryClient } from './queryClient';
import { session, type Organization, type SessionUser } from './session';
import { crmCardMethods } from './crmCardMethods';

/** A conversation as GET /api/chats answers it: `lead-<id>`, `user-<id>` or a Telegram group's `group-<id>`. */
export interface Chat {
  id: string;
  kind: 'lead' | 'user' | 'group';
  lead_id: number | null;
  user_id: number | null;
  person: { name: string; username: string | null; phone: string | null; role: string | null; telegram_id: number | null };
  is_group: boolean;
  /** A group's conversation: named after its project once linked. */
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
  last_message: { id: number; direction: 'inbound' | 'outbound'; kind: string; content: string; media_count: number; status: string; created_at: string } | null;
  last_message_at: string | null;
  /** Resolved conversations leave the open inbox until the person writes again. */
  state: 'open' | 'resolved';
  resolved_at: string | null;
  labels: ChatLabel[];
}

export interface ChatLabel { id: number; name: string; color: string }

/** GET /api/chats/counts: the inbox tabs. */
export interface ChatCounts { mine: number; unassigned: number; needs_manager: number; unread: number; all: number; resolved: number }

/** A private note of the team in a conversation (never sent to Telegram). */
export interface ChatNote { id: number; conversation_id: string; author_id: number | null; author_name: string | null; content: string; created_at: string }

export interface QuickReplyOption { id: number; title: string; content: string; text: string }

export interface MessageHit { message_id: number; conversation_id: string; conversation_name: string; direction: 'inbound' | 'outbound'; snippet: string; created_at: string }

/** The Telegram group linked to a project. */
export interface ProjectGroup {
  id: number;
  chat_id: number;
  title: string;
  bot_status: 'member' | 'left';
  linked_at: string | null;
  linked_by: { id: number; name: string } | null;
  conversation_id: string;
}

export interface GroupCode {
  code: string;
  command: string;
  expires_at: string;
  bot_username: string | null;
  add_to_group_url: string | null;
}

export interface MediaItem {
  type: 'photo' | 'document' | 'video' | 'audio' | 'voice' | 'animation' | string;
  url: string | null;
  file_name: string | null;
  mime_type: string | null;
  duration: number | null;
  /** Why the file from Telegram was not saved (`storage_quota`: the company storage was full). */
  not_saved?: 'storage_quota' | null;
}

/** One message of a thread; an album (several Telegram messages) is one message with several media. */
export interface ChatMessage {
  id: number;
  message_ids: number[];
  conversation_id: string | null;
  /** A group's message: `sender_name` is the member who wrote it. */
  group_id: number | null;
  sender_name: string | null;
  direction: 'inbound' | 'outbound';
  kind: string;
  content: string;
  media: MediaItem[];
  status: 'received' | 'queued' | 'sending' | 'retrying' | 'sent' | 'failed' | 'blocked';
  error: string | null;
  attempts: number;
  next_attempt_at: string | null;
  media_state: 'loading' | 'failed' | null;
  media_error: string | null;
  edited_at: string | null;
  telegram_message_id: number | null;
  /** The message this one answers. */
  reply_to: { id: number; content: string; kind: string; direction: 'inbound' | 'outbound'; sender_name: string | null } | null;
  created_at: string;
  updated_at: string;
  /** A client's question about an estimate. */
  estimate?: { id: number; title: string; version: number } | null;
}

export interface MessagePage {
  data: ChatMessage[];
  notes: ChatNote[];
  has_more: boolean;
  next_before: number | null;
}

export interface DashboardSummary {
  new_leads_week: number;
  leads_by_status: { status: string; count: number; budget: string }[];
  active_projects: { id: number; name: string; progress_pct: number; budget_total: string; budget_spent: string; money: ProjectMoney }[];
  money: { planned: string; spent: string };
  pending_change_requests: number;
  chats_waiting: number;
  stale_leads: number;
}

/** A project's money as the server computes it (exact decimal strings); screens only display it. */
export interface ProjectMoney {
  currency: string;
  contract_base: string;
  change_orders_approved: string;
  change_orders_pending: string;
  contract_total: string;
  stages_planned: string;
  paid: string;
  spent: string;
  left: string;
  to_pay: string;
}

/** One Kanban column's count and budget per currency, from GET /api/leads/totals. */
export interface LeadColumnTotal {
  status: string;
  count: number;
  budgets: { currency: string; amount: string }[];
}

/** A staff notification as GET /api/notifications answers it; `link` is the back-office route it opens. */
export interface CrmNotification {
  id: number;
  user_id: number | null;
  type: string;
  title: string;
  body: string;
  payload: Record<string, unknown>;
  read_at: string | null;
  created_at: string;
  link: string;
}

/** A one-time Telegram link (t.me/<bot>?start=<token>); url is null until the bot is connected. */
export interface TelegramLink {
  token: string;
  url: string | null;
  expires_at: string;
  bot_username: string | null;
}

export interface Profile {
  id: number;
  role: string;
  name: string;
  email: string | null;
  phone: string | null;
  telegram_linked: boolean;
  telegram_username: string | null;
  locale: 'ru' | 'en' | null;
}

/** An estimate line, section and record as GET /api/estimates/:id answers them (exact decimal strings). */
export interface EstimateLine {
  id?: number;
  catalogue_item_id?: number | null;
  name: string;
  unit: string;
  quantity: string;
  quantity_source: 'manual' | 'floor_area' | 'wall_area' | 'perimeter';
  unit_price: string;
  total?: string;
}

export interface EstimateSection {
  id?: number;
  name: string;
  length: string | null;
  width: string | null;
  height: string | null;
  openings: { width: string; height: string }[];
  lines: EstimateLine[];
  floor_area?: string | null;
  wall_area?: string | null;
  perimeter?: string | null;
  subtotal?: string;
  total?: string;
}

export interface Estimate {
  id: number;
  lead_id: number | null;
  project_id: number | null;
  version: number;
  title: string;
  status: 'draft' | 'sent' | 'approved' | 'superseded';
  currency: string;
  markup_type: 'percent' | 'amount';
  markup_value: string;
  discount_type: 'percent' | 'amount';
  discount_value: string;
  vat_rate: string | null;
  vat_included: boolean;
  valid_until: string | null;
  notes: string;
  subtotal: string;
  markup_amount: string;
  discount_amount: string;
  vat_amount: string;
  total: string;
  sections: EstimateSection[];
  sent_at: string | null;
  approved_at: string | null;
  approved_via: 'back_office' | 'telegram' | 'miniapp' | null;
  approved_by_name?: string | null;
  pdf_key: string | null;
  created_at: string;
}

/** Plan against fact per stage and in total, as core computes it (GET /api/projects/:id/summary). */
export interface PlanFact {
  stages: { id: number; name: string; status: string; progress_pct: number; planned: string; fact: string; variance: string }[];
  totals: { planned: string; fact: string; variance: string; unassigned: string };
}

/** Figures of an estimate being edited, from POST /api/estimates/calculate (the server's one arithmetic). */
export interface EstimateFigures {
  currency: string;
  subtotal: string;
  markup_amount: string;
  discount_amount: string;
  net: string;
  vat_amount: string;
  total: string;
  sections: { floor_area: string | null; wall_area: string | null; perimeter: string | null; subtotal: string; total: string; lines: { quantity: string; total: string }[] }[];
}

/** The contract as it stands (approved estimate + applied change orders), as GET /projects/:id/contract answers it. */
export interface ContractLine {
  estimate_line_id: number | null; added_line_id: number | null; catalogue_item_id: number | null;
  name: string; unit: string; quantity: string; quantity_source: string; unit_price: string; total: string;
}
export interface Contract {
  project_id: number; estimate_id: number; currency: string; total: string;
  sections: Array<{ id: number; name: string; stage_id: number | null; subtotal: string; total: string; lines: ContractLine[] }>;
}
export type ChangeLineInput =
  | { action: 'add'; section_id: number; catalogue_item_id?: number | null; name: string; unit?: string; quantity?: string; unit_price: string }
  | { action: 'change'; estimate_line_id?: number | null; added_line_id?: number | null; quantity?: string; unit_price?: string }
  | { action: 'remove'; estimate_line_id?: number | null; added_line_id?: number | null };
export interface ChangeLineFigures {
  action: 'add' | 'remove' | 'change'; name: string; unit: string; section_name: string;
  old_quantity: string | null; new_quantity: string | null; old_unit_price: string | null; new_unit_price: string | null;
  old_total: string | null; new_total: string | null; delta: string;
}
type Totals = { subtotal: string; markup_amount: string; discount_amount: string; vat_amount: string; total: string };
export interface ChangeOrderFigures {
  amount: string; lines: ChangeLineFigures[];
  figures: { currency: string; vat_included: boolean; before: Totals; after: Totals; delta: Totals; stages: Array<{ stage_id: number | null; section_name: string; delta: string }> };
}

export interface ContractTemplate { body: string; is_default: boolean; placeholders: string[]; updated_at: string | null }

export interface Upload {
  key: string;
  url: string;
  file_name: string;
  mime_type: string;
  size: number;
}

export interface CatalogueImportPreview {
  format: 'csv' | 'xlsx';
  delimiter: string | null;
  columns: Array<{ index: number; header: string; samples: string[] }>;
  mapping: Partial<Record<'name' | 'unit' | 'price' | 'category' | 'kind' | 'description', number | null>>;
  rows: Array<{ line: number; raw: Partial<Record<string, string>>; errors: Partial<Record<string, string>>; action: 'create' | 'update' | 'error' }>;
  summary: { total: number; create: number; update: number; errors: number };
}

export const LEAD_IMPORT_FIELDS = ['contact', 'first_name', 'last_name', 'name', 'phone', 'phone_alt', 'budget', 'status', 'source', 'manager', 'address'] as const;
export type LeadImportField = (typeof LEAD_IMPORT_FIELDS)[number];
export type LeadDuplicateMode = 'skip' | 'update' | 'create';

export interface LeadImportPreview {
  format: 'csv' | 'xlsx';
  delimiter: string | null;
  columns: Array<{ index: number; header: string; samples: string[] }>;
  mapping: Partial<Record<LeadImportField, number | null>>;
  rows: Array<{
    line: number; raw: Partial<Record<string, string>>; errors: Partial<Record<string, string>>; notes: Partial<Record<string, string>>;
    action: 'create' | 'update' | 'skip' | 'error'; duplicate_of: { lead_id: number | null; line: number | null; name: string } | null;
  }>;
  summary: { total: number; create: number; update: number; skip: number; errors: number };
}

/** The file and the import's options as the multipart form the import endpoints read. */
const importForm = (file: File, options: { mapping?: Record<string, number | null>; skip_invalid?: boolean; [option: string]: unknown }) => {
  const form = new FormData();
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === null || value === false) continue;
    form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  form.append('file', file);
  return form;
};

const query = (params: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [k, String(v)])).toString();

const rest = simpleRestProvider(API_URL, httpClient);

// A project's money and progress are derived on the server from these resources: after writing one,
// the project records (which carry the figures) are fetched again.
const FEEDS_PROJECT_FIGURES = new Set(['stages', 'transactions', 'change-requests']);
const refreshFigures = <T>(resource: string) => (result: T) => {
  if (FEEDS_PROJECT_FIGURES.has(resource)) void queryClient.invalidateQueries({ queryKey: ['projects'] });
  return result;
};

const base: DataProvider = {
  ...rest,
  getList: listGetter(API_URL, httpClient),
  create: (resource, params) => rest.create(resource, params).then(refreshFigures(resource)),
  update: (resource, params) => rest.update(resource, params).then(refreshFigures(resource)),
  updateMany: (resource, params) => rest.updateMany(resource, params).then(refreshFigures(resource)),
  delete: (resource, params) => rest.delete(resource, params).then(refreshFigures(resource)),
  deleteMany: (resource, params) => rest.deleteMany(resource, params).then(refreshFigures(resource)),
};

/** ra-data-simple-rest on /api plus the named operations the back office needs beyond CRUD. */
export const dataProvider = {
  ...base,
  ...crmCardMethods,
  async getMe(): Promise<{ user: SessionUser; organization: Organization }> {
    const { json } = await httpClient(`${API_URL}/auth/me`);
    session.save(null, json.user, json.organization);
    return json;
  },
  async moveLead(id: Identifier, move: { status: string; position: number; lost_reason?: string }) {
    const { json } = await httpClient(`${API_URL}/leads/${id}/move`, { method: 'POST', body: JSON.stringify(move) });
    return { data: json };
  },
  async upload(file: File): Promise<Upload> {
    const form = new FormData();
    form.append('file', file);
    return postForm<Upload>(`${API_URL}/uploads`, form);
  },
  async getChats(params: { q?: string; filter?: Record<string, unknown> } = {}): Promise<Chat[]> {
    const filter = { ...params.filter, ...(params.q ? { q: params.q } : {}) };
    const { json } = await httpClient(`${API_URL}/chats?${query({ filter: JSON.stringify(filter), range: '[0,199]' })}`);
    return json;
  },
  async getChatCounts(): Promise<ChatCounts> {
    const { json } = await httpClient(`${API_URL}/chats/counts`);
    return json;
  },
  async searchChatMessages(q: string): Promise<MessageHit[]> {
    const { json } = await httpClient(`${API_URL}/chats/search?${query({ q })}`);
    return json;
  },
  async resolveChat(chatId: string, resolved: boolean): Promise<Chat> {
    const { json } = await httpClient(`${API_URL}/chats/${chatId}/${resolved ? 'resolve' : 'reopen'}`, { method: 'POST', body: '{}' });
    return json;
  },
  async setChatLabels(chatId: string, labelIds: number[]): Promise<Chat> {
    const { json } = await httpClient(`${API_URL}/chats/${chatId}/labels`, { method: 'PUT', body: JSON.stringify({ label_ids: labelIds }) });
    return json;
  },
  async addChatNote(chatId: string, content: string): Promise<ChatNote> {
    const { json } = await httpClient(`${API_URL}/chats/${chatId}/notes`, { method: 'POST', body: JSON.stringify({ content }) });
    return json;
  },
  async getQuickReplies(chatId: string): Promise<QuickReplyOption[]> {
    const { json } = await httpClient(`${API_URL}/chats/${chatId}/quick-replies`);
    return json;
  },
  async getChat(chatId: string): Promise<Chat> {
    const { json } = await httpClient(`${API_URL}/chats/${chatId}`);
    return json;
  },
  async getChatMessages(chatId: string, params: { before?: number | null; limit?: number } = {}): Promise<MessagePage> {
    const { json } = await httpClient(`${API_URL}/chats/${chatId}/messages?${query(params)}`);
    return json;
  },
  async sendChatMessage(chatId: string, input: { text: string; files: File[]; replyToId?: number | null }): Promise<ChatMessage> {
    const form = new FormData();
    form.append('text', input.text);
    if (input.replyToId) form.append('reply_to_id', String(input.replyToId));
    for (const file of input.files) form.append('files', file);
    return postForm(`${API_URL}/chats/${chatId}/messages`, form);
  },
  async resendChatMessage(chatId: string, messageId: number): Promise<ChatMessage> {
    const { json } = await httpClient(`${API_URL}/chats/${chatId}/messages/${messageId}/resend`, { method: 'POST', body: '{}' });
    return json;
  },
  async retryChatMedia(chatId: string, messageId: number): Promise<ChatMessage> {
    const { json } = await httpClient(`${API_URL}/chats/${chatId}/messages/${messageId}/media/retry`, { method: 'POST', body: '{}' });
    return json;
  },
  async markChatRead(chatId: string) {
    await httpClient(`${API_URL}/chats/${chatId}/read`, { method: 'POST', body: '{}' });
  },
  async assignChat(chatId: string, managerId: Identifier | null): Promise<Chat> {
    const { json } = await httpClient(`${API_URL}/chats/${chatId}/assign`, { method: 'PUT', body: JSON.stringify({ manager_id: managerId }) });
    return json;
  },
  /** The lead becomes a client (the same person and conversation); an existing client with the same Telegram or phone is attached. */
  async makeClient(leadId: Identifier): Promise<{ client: { id: number; name: string }; created: boolean }> {
    const { json } = await httpClient(`${API_URL}/leads/${leadId}/make-client`, { method: 'POST', body: '{}' });
    return json;
  },
  async inviteUser(userId: Identifier): Promise<TelegramLink> {
    const { json } = await httpClient(`${API_URL}/users/${userId}/invite`, { method: 'POST', body: '{}' });
    return json;
  },
  /** "Take it": the AI steps back, the conversation stops waiting for a manager and is assigned if unassigned. */
  async takeChat(chatId: string): Promise<Chat> {
    const { json } = await httpClient(`${API_URL}/chats/${chatId}/take`, { method: 'POST', body: '{}' });
    return json;
  },
  async getProfile(): Promise<Profile> {
    const { json } = await httpClient(`${API_URL}/profile`);
    return json;
  },
  async updateProfile(values: Partial<Pick<Profile, 'name' | 'phone' | 'locale'>>): Promise<Profile> {
    const { json } = await httpClient(`${API_URL}/profile`, { method: 'PUT', body: JSON.stringify(values) });
    const user = session.user();
    if (user) session.save(null, { ...user, name: json.name, locale: json.locale }, null);
    return json;
  },
  /** Other sessions end; this one goes on with the fresh token the server answers. */
  async changePassword(values: { current_password: string; new_password: string }): Promise<void> {
    const { json } = await httpClient(`${API_URL}/auth/password`, { method: 'POST', body: JSON.stringify(values) });
    session.save(json.token, session.user()!, null);
  },
  async unlinkProfileTelegram(): Promise<Profile> {
    const { json } = await httpClient(`${API_URL}/profile/telegram-link`, { method: 'DELETE' });
    return json;
  },
  async profileTelegramLink(): Promise<TelegramLink> {
    const { json } = await httpClient(`${API_URL}/profile/telegram-link`, { method: 'POST', body: '{}' });
    return json;
  },
  /** Where the organization's leads came from (ad deep-link payloads among them), most leads first. */
  async getLeadSources(): Promise<Array<{ source: string; count: number }>> {
    const { json } = await httpClient(`${API_URL}/leads/sources`);
    return json;
  },
  async getProjectGroup(projectId: Identifier): Promise<ProjectGroup | null> {
    const { json } = await httpClient(`${API_URL}/projects/${projectId}/telegram-group`);
    return json.group;
  },
  /** A one-time code a staff member sends as `/link <code>` in the group (or the add-to-group link). */
  async issueGroupCode(projectId: Identifier): Promise<GroupCode> {
    const { json } = await httpClient(`${API_URL}/projects/${projectId}/telegram-group/code`, { method: 'POST', body: '{}' });
    return json;
  },
  async unlinkProjectGroup(projectId: Identifier): Promise<void> {
    await httpClient(`${API_URL}/projects/${projectId}/telegram-group`, { method: 'DELETE' });
  },
  async sendChangeRequest(id: Identifier) {
    const { json } = await httpClient(`${API_URL}/change-requests/${id}/send`, { method: 'POST', body: '{}' });
    return { data: json };
  },
  async calculateEstimate(estimate: Partial<Estimate>): Promise<EstimateFigures> {
    const { json } = await httpClient(`${API_URL}/estimates/calculate`, { method: 'POST', body: JSON.stringify(estimate) });
    return json;
  },
  async getContractTemplate(): Promise<ContractTemplate> {
    const { json } = await httpClient(`${API_URL}/contract-template`);
    return json;
  },
  async saveContractTemplate(body: string | null): Promise<ContractTemplate> {
    const { json } = await httpClient(`${API_URL}/contract-template`, { method: 'PUT', body: JSON.stringify({ body }) });
    return json;
  },
  async generateContract(projectId: Identifier) {
    const { json } = await httpClient(`${API_URL}/projects/${projectId}/contract-document`, { method: 'POST', body: '{}' });
    return { data: json };
  },
  async getProjectContract(projectId: Identifier): Promise<Contract> {
    const { json } = await httpClient(`${API_URL}/projects/${projectId}/contract`);
    return json;
  },
  async calculateChangeOrder(input: { project_id: Identifier; lines: ChangeLineInput[] }): Promise<ChangeOrderFigures> {
    const { json } = await httpClient(`${API_URL}/change-requests/calculate`, { method: 'POST', body: JSON.stringify(input) });
    return json;
  },
  async decideChangeRequest(id: Identifier, decision: 'approved' | 'rejected') {
    const { json } = await httpClient(`${API_URL}/change-requests/${id}/decision`, { method: 'POST', body: JSON.stringify({ decision }) });
    return { data: json };
  },
  async sendEstimate(id: Identifier): Promise<Estimate> {
    const { json } = await httpClient(`${API_URL}/estimates/${id}/send`, { method: 'POST', body: '{}' });
    return json.estimate;
  },
  async approveEstimate(id: Identifier): Promise<{ estimate: Estimate; project_id: number; changed: boolean }> {
    const { json } = await httpClient(`${API_URL}/estimates/${id}/approve`, { method: 'POST', body: '{}' });
    return json;
  },
  async getProjectPlanFact(projectId: Identifier): Promise<PlanFact> {
    const { json } = await httpClient(`${API_URL}/projects/${projectId}/summary`);
    return json.plan_fact;
  },
  async duplicateEstimate(id: Identifier): Promise<Estimate> {
    const { json } = await httpClient(`${API_URL}/estimates/${id}/duplicate`, { method: 'POST', body: '{}' });
    return json;
  },
  /** Asks Telegram (getMe) whether the organization's bot token works; remembers the bot's username. */
  async checkBot(orgId: Identifier): Promise<{ connected: boolean; username?: string | null; reason?: string }> {
    const { json } = await httpClient(`${API_URL}/organizations/${orgId}/bot-check`, { method: 'POST', body: '{}' });
    return json;
  },
  /** Kanban column totals per currency, for the same filter as the board. */
  /** Confirmed income, expenses and balance under a filter, summed by the server. */
  async getTransactionTotals(filter: Record<string, unknown> = {}): Promise<{ count: number; expenses: string; income: string; balance: string }> {
    const { json } = await httpClient(`${API_URL}/transactions/totals?${query({ filter: JSON.stringify(filter) })}`);
    return json;
  },
  async getLeadTotals(filter: Record<string, unknown> = {}): Promise<LeadColumnTotal[]> {
    const { json } = await httpClient(`${API_URL}/leads/totals?${query({ filter: JSON.stringify(filter) })}`);
    return json;
  },
  async getNotifications(): Promise<CrmNotification[]> {
    const { json } = await httpClient(`${API_URL}/notifications?${query({ sort: '["created_at","DESC"]', range: '[0,29]' })}`);
    return json;
  },
  async getUnreadNotifications(): Promise<number> {
    const { json } = await httpClient(`${API_URL}/notifications/unread-count`);
    return json.count;
  },
  async markNotificationRead(id: number): Promise<CrmNotification> {
    const { json } = await httpClient(`${API_URL}/notifications/${id}/read`, { method: 'POST', body: '{}' });
    return json;
  },
  async markAllNotificationsRead(): Promise<void> {
    await httpClient(`${API_URL}/notifications/read-all`, { method: 'POST', body: '{}' });
  },
  /** What importing a price list would do, with the column mapping guessed (or as given). */
  async previewCatalogueImport(file: File, options: { mapping?: CatalogueImportPreview['mapping'] } = {}): Promise<CatalogueImportPreview> {
    return postForm(`${API_URL}/catalog-items/import/preview`, importForm(file, options));
  },
  async commitCatalogueImport(file: File, options: { mapping?: CatalogueImportPreview['mapping']; skip_invalid?: boolean }): Promise<{ created: number; updated: number; skipped: number }> {
    return postForm(`${API_URL}/catalog-items/import`, importForm(file, options));
  },
  /** What importing leads from another CRM's export would do, row by row. */
  async previewLeadImport(file: File, options: { mapping?: LeadImportPreview['mapping']; duplicates?: LeadDuplicateMode } = {}): Promise<LeadImportPreview> {
    return postForm(`${API_URL}/leads/import/preview`, importForm(file, options));
  },
  /** Imports the leads, reporting progress as the server writes them. */
  async commitLeadImport(
    file: File, options: { mapping?: LeadImportPreview['mapping']; duplicates?: LeadDuplicateMode; skip_invalid?: boolean },
    onProgress: (progress: { done: number; total: number }) => void,
  ): Promise<{ created: number; updated: number; skipped: number; invalid: number }> {
    return postFormWithProgress(`${API_URL}/leads/import`, importForm(file, options), onProgress);
  },
  /** Downloads a list as it is filtered and sorted, made by the server in the screen's language. */
  async exportList(resource: string, format: 'csv' | 'xlsx', params: { filter: Record<string, unknown>; sort?: { field: string; order: string }; locale: string }): Promise<void> {
    const sort = params.sort?.field ? JSON.stringify([params.sort.field, params.sort.order]) : undefined;
    await downloadFile(`${API_URL}/${resource}/export?${query({ format, locale: params.locale, filter: JSON.stringify(params.filter), sort })}`, `${resource}.${format}`);
  },
  /** Counts and sums for the dashboard, computed by the server in SQL. */
  async getDashboard(): Promise<DashboardSummary> {
    const { json } = await httpClient(`${API_URL}/dashboard`);
    return json;
  },
} satisfies DataProvider;

export type CrmDataProvider = typeof dataProvider;
