import type { AppointmentStatus, MediaType } from './enums.js';
import type { Moment } from './wire.js';

/** GET /api/appointments: a measurement visit, with its slot also on the organization's wall clock. */
export interface AppointmentView<Time extends Moment = string> {
  id: number;
  org_id: number;
  lead_id: number;
  estimator_id: number | null;
  created_by: number | null;
  starts_at: Time;
  ends_at: Time;
  /** The start as YYYY-MM-DD and HH:MM in `timezone`. */
  date: string;
  time: string;
  duration_minutes: number;
  timezone: string;
  address: string;
  notes: string;
  status: AppointmentStatus;
  lead_name: string | null;
  estimator_name: string | null;
  /** Whether the client and the estimator can be told in Telegram. */
  client_in_telegram: boolean;
  estimator_in_telegram: boolean;
  /** How many measurements the estimator sent from this visit. */
  measurements: number;
  created_at: Time;
  updated_at: Time;
}

/** A room read from an estimator's notes: metres as decimal strings. */
export interface MeasuredRoom {
  name: string;
  length: string | null;
  width: string | null;
  height: string | null;
}

/** A photo or file of a measurement, with a short-lived signed URL. */
interface MeasurementMedia {
  type: MediaType;
  mime_type: string | null;
  width: number | null;
  height: number | null;
  url: string | null;
  /** Still being copied from Telegram. */
  pending: boolean;
  /** Why it was not saved (`storage_quota`); null when stored or still loading. */
  not_saved: 'storage_quota' | null;
}

/** GET /api/measurements: what an estimator sent from a visit (notes, rooms, photos). */
export interface MeasurementView<Time extends Moment = string> {
  id: number;
  org_id: number;
  lead_id: number;
  appointment_id: number | null;
  author_id: number | null;
  author_name: string | null;
  notes: string;
  rooms: MeasuredRoom[];
  media: MeasurementMedia[];
  created_at: Time;
  updated_at: Time;
}
