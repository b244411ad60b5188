import type { MeasuredRoom } from '@crm/database';

export type Locale = 'ru' | 'en';

const RU = {
  measureStart: (when: string) =>
    `📏 Замеры по визиту ${when}.\n\nПришлите фото и размеры текстом, по комнате в строке, например:\nкухня 3,2 x 4,1 x 2,7\nспальня 3,5 на 4\n\nПримечания тоже пишите текстом. Когда всё отправите, нажмите «Готово».`,
  done: '✅ Готово',
  cancel: '✖️ Отмена',
  progress: (rooms: number, photos: number, notes: number) =>
    `Принято: комнат ${rooms}, фото ${photos}, строк заметок ${notes}. Пришлите ещё или нажмите «Готово».`,
  nothingYet: 'Пока нечего отправлять: пришлите размеры текстом или фото.',
  tooMuch: 'Это уже не поместится в один замер: нажмите «Готово» и начните новый.',
  sent: (rooms: string[], photos: number) =>
    `Отправлено в карточку клиента: ${rooms.length ? `комнаты — ${rooms.join('; ')}` : 'комнат не распознано'}, фото ${photos}.`,
  cancelled: 'Замеры не отправлены.',
  stale: 'Эта кнопка уже не действует.',
  notYours: 'Эта кнопка не для вас.',
  room: (r: MeasuredRoom, n: number) =>
    `${r.name || `комната ${n}`} ${[r.length, r.width, r.height]
      .filter(Boolean)
      .map((v) => v!.replace('.', ','))
      .join(' × ')}`,
};
const EN: typeof RU = {
  measureStart: (when: string) =>
    `📏 Measurements for the visit ${when}.\n\nSend photos and the sizes as text, one room per line, e.g.:\nkitchen 3.2 x 4.1 x 2.7\nbedroom 3.5 by 4\n\nWrite any notes as text too. When everything is sent, tap “Done”.`,
  done: '✅ Done',
  cancel: '✖️ Cancel',
  progress: (rooms: number, photos: number, notes: number) => `Got it: ${rooms} rooms, ${photos} photos, ${notes} lines of notes. Send more or tap “Done”.`,
  nothingYet: 'Nothing to send yet: send the sizes as text or photos.',
  tooMuch: 'That no longer fits one measurement: tap “Done” and start a new one.',
  sent: (rooms: string[], photos: number) =>
    `Sent to the client’s file: ${rooms.length ? `rooms — ${rooms.join('; ')}` : 'no rooms recognised'}, ${photos} photos.`,
  cancelled: 'Measurements not sent.',
  stale: 'This button no longer works.',
  notYours: 'This button is not for you.',
  room: (r: MeasuredRoom, n: number) => `${r.name || `room ${n}`} ${[r.length, r.width, r.height].filter(Boolean).join(' × ')}`,
};

export const appointmentTexts = (locale: Locale) => (locale === 'en' ? EN : RU);
export const localeFor = (orgLocale: string, languageCode?: string | null): Locale =>
  languageCode?.startsWith('en') ? 'en' : languageCode?.startsWith('ru') ? 'ru' : orgLocale === 'en' ? 'en' : 'ru';
