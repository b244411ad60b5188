// The enum lists live in @crm/contracts (one module for models, schemas and frontends); re-exported here
// so the models and their callers keep reading them from the database package.
export {
  LEAD_STATUSES,
  WORK_TYPES,
  PROPERTY_TYPES,
  DELIVERY_STATUSES,
  PROJECT_STATUSES,
  STAGE_STATUSES,
  TRANSACTION_TYPES,
  TRANSACTION_STATUSES,
  DOCUMENT_KINDS,
  CATALOGUE_KINDS,
  CATALOGUE_UNITS,
  APPOINTMENT_STATUSES,
} from '@crm/contracts';
export type {
  UserRole,
  LeadStatus,
  WorkType,
  MessageDirection,
  DeliveryStatus,
  Locale,
  CatalogueKind,
  CatalogueUnit,
  AppointmentStatus,
  StageStatus,
  ProjectStatus,
} from '@crm/contracts';
/** One stored attachment of a chat message or report (its description lives in the contracts, as records answer it). */
export type { StoredMedia as MediaItem } from '@crm/contracts';
