import { createContext, useContext } from 'react';

const en = {
  title: 'Telegram sandbox',
  subtitle: 'Play the people of your organization: every message goes to the bot as a real Telegram update, and the bot answers here.',
  org: 'Organization',
  noBots: 'No organization is connected to the sandbox yet. Start the product with `npm start` (outside production, without a bot token) and reload.',
  botStarting: 'The bot of this organization is starting; it appears in a few seconds.',
  people: 'People',
  newLead: 'New lead',
  leadName: 'Name',
  create: 'Write as them',
  open: 'Open chat',
  opened: 'Chat open',
  role_lead: 'lead', role_worker: 'worker', role_client: 'client', role_manager: 'staff',
  linked: 'linked to Telegram',
  notLinked: 'signs in with their contact',
  noPeople: 'This organization has no workers, clients or staff with a phone number yet: add them in the back office, or write as a new lead.',
  emptyChats: 'Pick someone on the left to open their Telegram chat. Several chats can be open side by side.',
  start: 'Start',
  emptyChat: 'No messages yet. Press Start, as a person does when they open the bot.',
  message: 'Message',
  send: 'Send',
  attachPhoto: 'Photo',
  attachDocument: 'File',
  caption: 'Caption (optional)',
  shareContact: 'Share my contact',
  deepLink: 'Open a t.me link with a start parameter',
  payload: 'start parameter',
  edited: 'edited',
  close: 'Close',
  closeChat: 'Close chat',
  miniApp: 'Mini App',
  you: 'You',
  failed: 'Not sent',
  tour: 'Guided tour',
  tourHint: 'Three stories, one click each: watch the product work end to end. Open the back office next to this page to see the other side.',
  story_lead: 'A lead asks for a bathroom renovation and gets qualified',
  story_report: 'A worker files a daily report with photos',
  story_change: 'A client approves a change request in the Mini App',
  running: 'Playing…',
  done: 'Done',
  storyFailed: 'Stopped',
  language: 'Русский',
  sandboxNote: 'Messages stay on this machine: nothing is sent to Telegram.',
  hint_change: 'The Mini App is open: go to “Changes” and approve the request.',
};

type Dictionary = typeof en;

const ru: Dictionary = {
  title: 'Песочница Telegram',
  subtitle: 'Играйте за людей своей организации: каждое сообщение уходит боту как настоящее обновление Telegram, а ответы бота приходят сюда.',
  org: 'Организация',
  noBots: 'Ни одна организация пока не подключена к песочнице. Запустите продукт командой `npm start` (не в production и без токена бота) и обновите страницу.',
  botStarting: 'Бот этой организации запускается; он появится через несколько секунд.',
  people: 'Люди',
  newLead: 'Новый лид',
  leadName: 'Имя',
  create: 'Написать от его имени',
  open: 'Открыть чат',
  opened: 'Чат открыт',
  role_lead: 'лид', role_worker: 'рабочий', role_client: 'клиент', role_manager: 'сотрудник',
  linked: 'привязан к Telegram',
  notLinked: 'входит, поделившись контактом',
  noPeople: 'В организации пока нет рабочих, клиентов или сотрудников с номером телефона: добавьте их в бэк-офисе или напишите как новый лид.',
  emptyChats: 'Выберите человека слева, чтобы открыть его чат в Telegram. Можно открыть несколько чатов рядом.',
  start: 'Начать',
  emptyChat: 'Сообщений пока нет. Нажмите «Начать», как делает человек, открывший бота.',
  message: 'Сообщение',
  send: 'Отправить',
  attachPhoto: 'Фото',
  attachDocument: 'Файл',
  caption: 'Подпись (необязательно)',
  shareContact: 'Поделиться контактом',
  deepLink: 'Открыть ссылку t.me с параметром start',
  payload: 'параметр start',
  edited: 'изменено',
  close: 'Закрыть',
  closeChat: 'Закрыть чат',
  miniApp: 'Мини-приложение',
  you: 'Вы',
  failed: 'Не отправлено',
  tour: 'Экскурсия',
  tourHint: 'Три истории, по одному нажатию: посмотрите, как продукт работает от начала до конца. Откройте бэк-офис рядом, чтобы увидеть другую сторону.',
  story_lead: 'Лид просит ремонт ванной и проходит квалификацию',
  story_report: 'Рабочий сдаёт дневной отчёт с фотографиями',
  story_change: 'Клиент одобряет допработы в мини-приложении',
  running: 'Идёт…',
  done: 'Готово',
  storyFailed: 'Остановлено',
  language: 'English',
  sandboxNote: 'Сообщения остаются на этом компьютере: в Telegram ничего не отправляется.',
  hint_change: 'Мини-приложение открыто: перейдите на вкладку «Доп. работы» и одобрите работу.',
};

export type Locale = 'ru' | 'en';
export type TextKey = keyof Dictionary;
export const dictionaries: Record<Locale, Dictionary> = { ru, en };

export const initialLocale = (): Locale => {
  const saved = localStorage.getItem('sandbox.locale');
  if (saved === 'ru' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
};

export const LocaleContext = createContext<Locale>('en');
export const useT = () => {
  const locale = useContext(LocaleContext);
  return (key: TextKey) => dictionaries[locale][key];
};
