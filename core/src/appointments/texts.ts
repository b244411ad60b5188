import type { AppointmentChange } from './appointment.service.js';
import type { ReminderKind } from './slots.js';

export type VisitLocale = 'ru' | 'en';

export interface VisitFacts {
  when: string;
  address: string;
  estimator: string | null;
  client: string;
  phone: string | null;
}

const line = (label: string, value: string | null | undefined) => (value ? `${label}: ${value}` : '');
const join = (...parts: string[]) => parts.filter(Boolean).join('\n');

const RU = {
  confirm: '✅ Подтвердить',
  anotherTime: '🕓 Другое время',
  measure: '📏 Отправить замеры',
  address: 'Адрес',
  estimator: 'Замерщик',
  client: 'Клиент',
  phone: 'Телефон',
  ask: 'Пожалуйста, подтвердите время или выберите другое.',
  client_booked: 'Записали вас на замер',
  client_moved: 'Замер перенесён',
  client_cancelled: 'Замер отменён',
  staff_booked: 'Новый замер',
  staff_moved: 'Замер перенесён',
  staff_cancelled: 'Замер отменён',
  staff_reassigned: 'Замер передан другому замерщику',
  tomorrow: 'Напоминаем: завтра замер',
  soon: 'Через два часа замер',
  measureHint: 'После замера нажмите «Отправить замеры»: фото и размеры попадут в карточку клиента.',
  confirmed: 'Спасибо, время подтверждено. До встречи!',
  alreadyConfirmed: 'Время уже подтверждено.',
  askTime: 'Напишите, пожалуйста, какой день и время вам удобны — менеджер ответит здесь.',
  confirmedNote: '✅ Подтверждено',
  anotherNote: '🕓 Вы попросили другое время',
};
const EN: typeof RU = {
  confirm: '✅ Confirm',
  anotherTime: '🕓 Another time',
  measure: '📏 Send measurements',
  address: 'Address',
  estimator: 'Estimator',
  client: 'Client',
  phone: 'Phone',
  ask: 'Please confirm the time or pick another one.',
  client_booked: 'Your measurement visit is booked',
  client_moved: 'Your measurement visit is moved',
  client_cancelled: 'Your measurement visit is cancelled',
  staff_booked: 'New measurement visit',
  staff_moved: 'Measurement visit moved',
  staff_cancelled: 'Measurement visit cancelled',
  staff_reassigned: 'Measurement visit handed to another estimator',
  tomorrow: 'Reminder: measurement visit tomorrow',
  soon: 'Measurement visit in two hours',
  measureHint: 'After the visit tap “Send measurements”: photos and sizes go to the client’s file.',
  confirmed: 'Thank you, the time is confirmed. See you!',
  alreadyConfirmed: 'The time is already confirmed.',
  askTime: 'Please write which day and time suit you — the manager will answer here.',
  confirmedNote: '✅ Confirmed',
  anotherNote: '🕓 You asked for another time',
};

export const visitTexts = (locale: VisitLocale) => (locale === 'en' ? EN : RU);

/** The client's message about a change of their visit. */
export function clientVisitText(locale: VisitLocale, change: 'booked' | 'moved' | 'cancelled', facts: VisitFacts): string {
  const t = visitTexts(locale);
  const head = `${change === 'booked' ? t.client_booked : change === 'moved' ? t.client_moved : t.client_cancelled}: ${facts.when}`;
  if (change === 'cancelled') return head;
  return join(head, line(t.address, facts.address), line(t.estimator, facts.estimator), `\n${t.ask}`);
}

/** The estimator's message about a visit of theirs. */
export function estimatorVisitText(locale: VisitLocale, change: AppointmentChange | 'released', facts: VisitFacts): string {
  const t = visitTexts(locale);
  const title = change === 'moved' ? t.staff_moved : change === 'cancelled' ? t.staff_cancelled : change === 'released' ? t.staff_reassigned : t.staff_booked;
  const head = `${title}: ${facts.when}`;
  if (change === 'cancelled' || change === 'released') return join(head, line(t.client, facts.client));
  return join(head, line(t.address, facts.address), line(t.client, facts.client), line(t.phone, facts.phone), `\n${t.measureHint}`);
}

export function reminderVisitText(locale: VisitLocale, kind: ReminderKind, facts: VisitFacts, forEstimator: boolean): string {
  const t = visitTexts(locale);
  return join(
    `${kind === 'day_before' ? t.tomorrow : t.soon}: ${facts.when}`,
    line(t.address, facts.address),
    forEstimator ? line(t.client, facts.client) : line(t.estimator, facts.estimator),
    forEstimator ? line(t.phone, facts.phone) : '',
  );
}
