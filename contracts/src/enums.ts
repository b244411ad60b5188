// The enum lists of the product, the one place each is written down. The database models, the
// zod schemas of core and api, the AI extractor and both frontends read them from here. A kind that
// nothing checks at run time is written as its type only.

export const USER_ROLES = ['admin', 'manager', 'worker', 'client'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const LOCALES = ['ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A lead's pipeline, in board order. */
export const LEAD_STATUSES = ['new', 'qualified', 'measurement', 'estimate', 'contract', 'won', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
/** Columns that close a lead's story; the board shows only their recent part unless asked for all. */
export const CLOSED_LEAD_STATUSES = ['won', 'lost'] as const satisfies readonly LeadStatus[];

export const WORK_TYPES = ['apartment', 'bathroom', 'kitchen', 'cosmetic', 'capital', 'design', 'other'] as const;
export type WorkType = (typeof WORK_TYPES)[number];
export const PROPERTY_TYPES = ['new_build', 'secondary'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/** What happened to a lead that has no table of its own. */
export type LeadEventKind = 'status' | 'call' | 'merge';
export const CALL_OUTCOMES = ['reached', 'no_answer', 'busy', 'callback', 'wrong_number'] as const;
/** Kinds of the lead card's timeline items. */
export type TimelineKind =
  'messages' | 'status' | 'call' | 'merge' | 'task_created' | 'task_done' | 'note' | 'ai' | 'estimate_created' | 'estimate_sent' | 'estimate_approved';

export type MessageDirection = 'inbound' | 'outbound';
/** A chat message's delivery life: `received` (inbound), then queued → sending → sent, or retrying, failed, blocked. */
export const DELIVERY_STATUSES = ['received', 'queued', 'sending', 'retrying', 'sent', 'failed', 'blocked'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/** Kinds of a Telegram attachment as stored and shown. */
export const MEDIA_TYPES = ['photo', 'video', 'voice', 'audio', 'document', 'video_note', 'sticker', 'animation'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];
export const CONVERSATION_KINDS = ['lead', 'user', 'group'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];
export const CONVERSATION_STATES = ['open', 'resolved'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

export const PROJECT_STATUSES = ['planning', 'active', 'paused', 'done', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const STAGE_STATUSES = ['planned', 'in_progress', 'done'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];
export const TRANSACTION_TYPES = ['expense', 'income'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];
export const TRANSACTION_STATUSES = ['confirmed', 'rejected'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];
export const DOCUMENT_KINDS = ['contract', 'estimate', 'act', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export type ChangeRequestStatus = 'pending' | 'approved' | 'rejected';
/** What a client (or a manager on their behalf) answers a pending change request. */
export const CHANGE_REQUEST_DECISIONS = ['approved', 'rejected'] as const satisfies readonly ChangeRequestStatus[];
export type ChangeRequestDecision = (typeof CHANGE_REQUEST_DECISIONS)[number];
export type ChangeLineAction = 'add' | 'remove' | 'change';

export const ESTIMATE_STATUSES = ['draft', 'sent', 'approved', 'superseded'] as const;
export type EstimateStatus = (typeof ESTIMATE_STATUSES)[number];
export const ESTIMATE_APPROVAL_CHANNELS = ['back_office', 'telegram', 'miniapp'] as const;
export type EstimateApprovalChannel = (typeof ESTIMATE_APPROVAL_CHANNELS)[number];
/** Where an estimate line's quantity comes from: typed, or the room's floor, walls or perimeter. */
export const QUANTITY_SOURCES = ['manual', 'floor_area', 'wall_area', 'perimeter'] as const;
export type QuantitySource = (typeof QUANTITY_SOURCES)[number];
export const ADJUSTMENT_TYPES = ['percent', 'amount'] as const;
export type AdjustmentType = (typeof ADJUSTMENT_TYPES)[number];

export const CATALOGUE_KINDS = ['work', 'material'] as const;
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];
/** Units of a price list (stored codes; the screens and files show m², шт, точка...). */
export const CATALOGUE_UNITS = ['m2', 'm', 'pcs', 'point', 'set', 'm3', 'kg', 'l', 'hour', 'day', 'pack', 't'] as const;
export type CatalogueUnit = (typeof CATALOGUE_UNITS)[number];

/** The fields a price-list spreadsheet's columns can feed. */
export const CATALOGUE_IMPORT_FIELDS = ['name', 'unit', 'price', 'category', 'kind', 'description'] as const;
export type CatalogueImportField = (typeof CATALOGUE_IMPORT_FIELDS)[number];
/** The fields another CRM's lead export can feed (amoCRM, Bitrix24). */
export const LEAD_IMPORT_FIELDS = [
  'phone',
  'phone_alt',
  'contact',
  'first_name',
  'last_name',
  'name',
  'budget',
  'status',
  'source',
  'manager',
  'address',
  'created_at',
  'comment',
  'comment_alt',
] as const;
export type LeadImportField = (typeof LEAD_IMPORT_FIELDS)[number];
/** What a lead import does with a row whose phone is already a lead's: skip it, update that lead, or create another. */
export const LEAD_DUPLICATE_MODES = ['skip', 'update', 'create'] as const;
export type LeadDuplicateMode = (typeof LEAD_DUPLICATE_MODES)[number];

export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'reschedule_requested', 'cancelled', 'done'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
/** Visits still ahead: they block the slot and can be moved or cancelled. */
export const ACTIVE_APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'reschedule_requested'] as const satisfies readonly AppointmentStatus[];

/** Real-time events of the back office's stream (GET /api/events). */
export const EVENT_TYPES = ['message.created', 'message.updated', 'lead.updated', 'notification.created', 'conversation.updated', 'note.created'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
