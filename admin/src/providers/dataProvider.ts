import type {
  BotCheck,
  CatalogueImportPreview,
  CatalogueImportResult,
  ChangeLineInput,
  ChangeOrderPreview,
  ColumnMapping,
  ContractLineView,
  ContractTemplateView,
  ContractView,
  ConversationCounts,
  ConversationView,
  DashboardSummary,
  DocumentRecord,
  Estimate,
  EstimateFigures,
  EstimateLine,
  EstimateSection,
  IssuedGroupCode,
  LeadColumnTotal,
  LeadDuplicateMode,
  LeadImportOptions,
  LeadImportPreview,
  LeadImportProgress,
  LeadImportResult,
  LeadSourceCount,
  MadeClientAnswer,
  MediaView,
  MessageHit,
  MessagePage,
  MessageView,
  NoteView,
  NotificationView,
  PasswordChanged,
  PasswordChangeRequest,
  PlanFact,
  Profile,
  ProfileUpdate,
  ProjectGroupView,
  ProjectMoney,
  QuickReplyView,
  StaffIdentity,
  StoredLogo,
  TelegramLink,
  TransactionTotals,
  Upload,
  CatalogueImportField,
} from '@crm/contracts';
import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, Identifier } from 'react-admin';
import { API_URL, authorizedFetch, downloadFile, httpClient, postForm, postFormWithProgress } from './httpClient';
import { listGetter } from './listPage';
import { queryClient } from './queryClient';
import { session } from './session';
import { crmCardMethods } from './crmCardMethods';

// The API's wire types come from @crm/contracts; these names are the ones the back office grew up with.
export type {
  CatalogueImportPreview,
  ChangeLineInput,
  DashboardSummary,
  Estimate,
  EstimateFigures,
  EstimateLine,
  EstimateSection,
  LeadColumnTotal,
  LeadDuplicateMode,
  LeadImportPreview,
  MessageHit,
  MessagePage,
  PlanFact,
  Profile,
  ProjectMoney,
  TelegramLink,
  Upload,
};
export { LEAD_IMPORT_FIELDS } from '@crm/contracts';
export type Chat = ConversationView;
export type ChatCounts = ConversationCounts;
export type ChatNote = NoteView;
export type QuickReplyOption = QuickReplyView;
export type ProjectGroup = ProjectGroupView;
export type GroupCode = IssuedGroupCode;
export type MediaItem = MediaView;
export type ChatMessage = MessageView;
export type CrmNotification = NotificationView;
export type ContractLine = ContractLineView;
export type Contract = ContractView;
export type ChangeOrderFigures = ChangeOrderPreview;

export type ContractTemplate = ContractTemplateView;

/** The file and the import's options as the multipart form the import endpoints read. */
const importForm = (file: File, options: { mapping?: ColumnMapping<string>; skip_invalid?: boolean }) => {
  const form = new FormData();
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === null || value === false) continue;
    form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  form.append('file', file);
  return form;
};

const query = (params: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();

const rest = simpleRestProvider(API_URL, httpClient);

// A project's money and progress are derived on the server from these resources: after writing one,
// the project records (which carry the figures) are fetched again.
const FEEDS_PROJECT_FIGURES = new Set(['stages', 'transactions', 'change-requests']);
const refreshFigures =
  <T>(resource: string) =>
  (result: T) => {
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
  async getMe(): Promise<StaffIdentity> {
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
  async makeClient(leadId: Identifier): Promise<MadeClientAnswer> {
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
  async updateProfile(values: ProfileUpdate): Promise<Profile> {
    const { json } = await httpClient(`${API_URL}/profile`, { method: 'PUT', body: JSON.stringify(values) });
    const user = session.user();
    if (user) session.save(null, { ...user, name: json.name, locale: json.locale }, null);
    return json;
  },
  /** Other sessions end; this one goes on with the fresh token the server answers. */
  async changePassword(values: PasswordChangeRequest): Promise<void> {
    const { json }: { json: PasswordChanged } = await httpClient(`${API_URL}/auth/password`, { method: 'POST', body: JSON.stringify(values) });
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
  async getLeadSources(): Promise<LeadSourceCount[]> {
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
  async generateContract(projectId: Identifier): Promise<{ data: DocumentRecord }> {
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
  async checkBot(orgId: Identifier): Promise<BotCheck> {
    const { json } = await httpClient(`${API_URL}/organizations/${orgId}/bot-check`, { method: 'POST', body: '{}' });
    return json;
  },
  /** The firm's logo as an image the page can show, or null when it has none. */
  async getLogo(orgId: Identifier): Promise<Blob | null> {
    const res = await authorizedFetch(`${API_URL}/organizations/${orgId}/logo`);
    return res.status === 204 ? null : res.blob();
  },
  /** Sets the firm's logo (PNG or JPEG up to 512 KB; the server checks the bytes and names `logo` when it refuses). */
  async setLogo(orgId: Identifier, file: File): Promise<StoredLogo> {
    const form = new FormData();
    form.append('logo', file);
    return (await authorizedFetch(`${API_URL}/organizations/${orgId}/logo`, { method: 'PUT', body: form })).json();
  },
  async removeLogo(orgId: Identifier): Promise<void> {
    await authorizedFetch(`${API_URL}/organizations/${orgId}/logo`, { method: 'DELETE' });
  },
  /** Kanban column totals per currency, for the same filter as the board. */
  /** Confirmed income, expenses and balance under a filter, summed by the server. */
  async getTransactionTotals(filter: Record<string, unknown> = {}): Promise<TransactionTotals> {
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
  async previewCatalogueImport(file: File, options: { mapping?: ColumnMapping<CatalogueImportField> } = {}): Promise<CatalogueImportPreview> {
    return postForm(`${API_URL}/catalog-items/import/preview`, importForm(file, options));
  },
  async commitCatalogueImport(file: File, options: { mapping?: ColumnMapping<CatalogueImportField>; skip_invalid?: boolean }): Promise<CatalogueImportResult> {
    return postForm(`${API_URL}/catalog-items/import`, importForm(file, options));
  },
  /** What importing leads from another CRM's export would do, row by row. */
  async previewLeadImport(file: File, options: Omit<LeadImportOptions, 'skip_invalid'> = {}): Promise<LeadImportPreview> {
    return postForm(`${API_URL}/leads/import/preview`, importForm(file, options));
  },
  /** Imports the leads, reporting progress as the server writes them. */
  async commitLeadImport(file: File, options: LeadImportOptions, onProgress: (progress: LeadImportProgress) => void): Promise<LeadImportResult> {
    return postFormWithProgress(`${API_URL}/leads/import`, importForm(file, options), onProgress);
  },
  /** Downloads a list as it is filtered and sorted, made by the server in the screen's language. */
  async exportList(
    resource: string,
    format: 'csv' | 'xlsx',
    params: { filter: Record<string, unknown>; sort?: { field: string; order: string }; locale: string },
  ): Promise<void> {
    const sort = params.sort?.field ? JSON.stringify([params.sort.field, params.sort.order]) : undefined;
    await downloadFile(
      `${API_URL}/${resource}/export?${query({ format, locale: params.locale, filter: JSON.stringify(params.filter), sort })}`,
      `${resource}.${format}`,
    );
  },
  /** Counts and sums for the dashboard, computed by the server in SQL. */
  async getDashboard(): Promise<DashboardSummary> {
    const { json } = await httpClient(`${API_URL}/dashboard`);
    return json;
  },
} satisfies DataProvider;

export type CrmDataProvider = typeof dataProvider;
