/**
 * Buttons under a visit's messages: `ap1:c:<id>` the client confirms, `ap1:r:<id>` asks for another
 * time, `ap1:m:<id>` the estimator starts sending measurements. `1` versions the format.
 */
export type AppointmentAction = 'confirm' | 'another_time' | 'measure';
const CODES: Record<AppointmentAction, string> = { confirm: 'c', another_time: 'r', measure: 'm' };
const PATTERN = /^ap1:([crm]):([1-9]\d{0,9})$/;

export const encodeAppointmentCallback = (action: AppointmentAction, appointmentId: number) => `ap1:${CODES[action]}:${appointmentId}`;

export function decodeAppointmentCallback(data: string | undefined | null): { action: AppointmentAction; appointment_id: number } | null {
  const match = data ? PATTERN.exec(data) : null;
  if (!match) return null;
  const action = Object.entries(CODES).find(([, code]) => code === match[1])![0] as AppointmentAction;
  return { action, appointment_id: Number(match[2]) };
}

export const isAppointmentCallback = (data: string | undefined | null) => !!data && data.startsWith('ap1:');
