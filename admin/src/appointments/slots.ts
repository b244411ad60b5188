import type { AppointmentView } from '@crm/contracts';
/** Pure helpers of the booking dialog: the offered time slots and durations, and the first free day. */
export const SLOT_TIMES = Array.from({ length: 27 }, (_, i) => {
  const minutes = 8 * 60 + i * 30;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
});
export const DURATIONS = [30, 60, 90, 120, 180];

/** Tomorrow as YYYY-MM-DD on the browser's calendar (the server checks the slot on the firm's clock). */
export function tomorrow(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A measurement visit as GET /api/appointments answers it. */
export type Appointment = AppointmentView;
