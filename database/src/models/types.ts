export const USER_ROLES = ['admin', 'manager', 'worker', 'client'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const LEAD_STATUSES = ['new', 'qualified', 'measurement', 'estimate', 'contract', 'won', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const WORK_TYPES = ['apartment', 'bathroom', 'kitchen', 'cosmetic', 'capital', 'design', 'other'] as const;
export type WorkType = (typeof WORK_TYPES)[number];
export const PROPERTY_TYPES = ['new_build', 'secondary'] as const;

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];
export const DELIVERY_STATUSES = ['received', 'queued', 'sending', 'retrying', 'sent', 'failed', 'blocked'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const PROJECT_STATUSES = ['planning', 'active', 'paused', 'done', 'cancelled'] as const;
export const STAGE_STATUSES = ['planned', 'in_progress', 'done'] as const;
export const TRANSACTION_TYPES = ['expense', 'income'] as const;
export const TRANSACTION_STATUSES = ['confirmed', 'rejected'] as const;
export const CHANGE_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const DOCUMENT_KINDS = ['contract', 'estimate', 'act', 'other'] as const;
export const LOCALES = ['ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** One stored attachment of a chat message or report: a storage key, never a public URL. */
export interface MediaItem {
  type: 'photo' | 'video' | 'voice' | 'audio' | 'document' | 'video_note' | 'sticker' | 'animation';
  key?: string | null;
  file_id?: string;
  file_unique_id?: string;
  file_name?: string | null;
  mime_type?: string | null;
  size?: number | null;
  duration?: number | null;
  width?: number | null;
  height?: number | null;
  /** Why the file was not copied into storage (`storage_quota`: the organization's storage was full); the message is kept. */
  not_saved?: 'storage_quota' | null;
}

export const CATALOGUE_KINDS = ['work', 'material'] as const;
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];
/** Units of a price list (stored codes; the screens and files show m², шт, точка...). */
export const CATALOGUE_UNITS = ['m2', 'm', 'pcs', 'point', 'set', 'm3', 'kg', 'l', 'hour', 'day', 'pack', 't'] as const;
export type CatalogueUnit = (typeof CATALOGUE_UNITS)[number];

export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'reschedule_requested', 'cancelled', 'done'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
