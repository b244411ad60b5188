import { createContext, useContext } from 'react';

const en = {
  loading: 'Loading…',
  retry: 'Try again',
  projects: 'My projects',
  noProjects: 'No projects yet. Your manager will add your renovation here.',
  overview: 'Overview',
  feed: 'Reports',
  changes: 'Changes',
  documents: 'Documents',
  progress: 'Progress',
  stages: 'Stages',
  noStages: 'The work plan is being prepared.',
  money: 'Money',
  budgetTotal: 'Contract total',
  contractBase: 'Original contract',
  changeOrders: 'Approved changes',
  paid: 'Paid',
  spent: 'Spent on works',
  remaining: 'Remaining budget',
  toPay: 'Left to pay',
  pendingChanges: (n: number) => `${n} change request${n === 1 ? '' : 's'} waiting for you`,
  stage: { planned: 'Planned', in_progress: 'In progress', done: 'Done' } as Record<string, string>,
  noReports: 'No reports yet. The team posts photos and notes here every working day.',
  loadMore: 'Show earlier',
  voice: 'Voice note',
  pending: 'Waiting for your decision',
  history: 'History',
  noChanges: 'No change requests. When the scope or price changes, you will approve it here.',
  approve: 'Approve',
  decline: 'Decline',
  confirmApprove: (title: string, amount: string) => `Approve “${title}” for ${amount}? It will be added to your contract.`,
  confirmDecline: (title: string) => `Decline “${title}”? The manager will be told.`,
  confirm: 'Confirm',
  cancel: 'Cancel',
  approved: 'Approved',
  rejected: 'Declined',
  decidedBy: (who: string, when: string) => `${who}, ${when}`,
  alreadyDecided: 'This request was already decided.',
  lineAction: { add: 'Added', remove: 'Removed', change: 'Changed' } as Record<string, string>,
  linesTotal: 'Works at estimate prices',
  markup: 'Markup',
  discount: 'Discount',
  vat: 'VAT',
  vatIncluded: 'incl. VAT',
  noDocuments: 'No documents yet. The contract and estimate will appear here.',
  docKind: { contract: 'Contract', estimate: 'Estimate', act: 'Act', other: 'Document' } as Record<string, string>,
  open: 'Open',
  estimates: 'Estimates',
  estimate: 'Estimate',
  version: (n: number) => `version ${n}`,
  estimateStatus: { sent: 'Waiting for your approval', approved: 'Approved', superseded: 'Replaced by a newer version' } as Record<string, string>,
  approvedBy: (who: string, when: string) => `Approved by ${who}, ${when}`,
  approvedByYou: (when: string) => `Approved by you, ${when}`,
  validUntil: (date: string) => `Valid until ${date}`,
  estimateTotal: 'Total',
  subtotal: 'Works and materials',
  approveEstimate: 'Approve',
  askQuestion: 'Ask a question',
  confirmEstimate: (total: string) => `Approve this estimate for ${total}? Your manager will prepare the contract.`,
  questionPlaceholder: 'Your question about the estimate',
  send: 'Send',
  questionSent: 'Your question has been sent to your manager. The answer will come in the chat.',
  olderVersion: 'This version is out of date: open the latest one.',
  lines: (n: number) => `${n} item${n === 1 ? '' : 's'}`,
  pdf: 'PDF',
  noEstimates: 'No estimates yet.',
  planFact: 'Plan and fact',
  plan: 'Plan',
  fact: 'Fact',
  variance: 'Left',
  unassigned: (amount: string) => `Expenses not tied to a stage: ${amount}`,
  errors: {
    outside: 'Open this app from the company’s Telegram bot.',
    noOrg: 'The link is incomplete. Open the app from the bot’s menu button.',
    unauthorized: 'Your session has expired. Close and reopen the app from the bot.',
    notClient: 'We could not find your projects. Ask your manager to add you as a client.',
    network: 'No connection. Check the internet and try again.',
    notFound: 'This project is not available.',
    invalid: 'Something in the request was not accepted. Reopen the app and try again.',
    conflict: 'This cannot be done right now: the project has changed. Reopen the app to see it as it is.',
    tooMany: 'Too many attempts. Wait a minute and try again.',
    unavailable: 'The service is briefly unavailable. Try again in a few minutes.',
    generic: 'Something went wrong. Try again.',
  },
};

const ru: typeof en = {
  loading: 'Загрузка…',
  retry: 'Повторить',
  projects: 'Мои объекты',
  noProjects: 'Пока нет объектов. Менеджер добавит ваш ремонт сюда.',
  overview: 'Обзор',
  feed: 'Отчёты',
  changes: 'Доп. работы',
  documents: 'Документы',
  progress: 'Готовность',
  stages: 'Этапы',
  noStages: 'План работ готовится.',
  money: 'Деньги',
  budgetTotal: 'Сумма договора',
  contractBase: 'Исходный договор',
  changeOrders: 'Одобренные доп. работы',
  paid: 'Оплачено',
  spent: 'Израсходовано',
  remaining: 'Остаток бюджета',
  toPay: 'Осталось оплатить',
  pendingChanges: (n: number) => `Ждут вашего решения: ${n}`,
  stage: { planned: 'Запланирован', in_progress: 'В работе', done: 'Готово' },
  noReports: 'Отчётов пока нет. Бригада публикует здесь фото и заметки каждый рабочий день.',
  loadMore: 'Показать ранние',
  voice: 'Голосовое сообщение',
  pending: 'Ждут вашего решения',
  history: 'История',
  noChanges: 'Дополнительных работ нет. Если объём или цена изменятся, вы подтвердите это здесь.',
  approve: 'Одобрить',
  decline: 'Отклонить',
  confirmApprove: (title: string, amount: string) => `Одобрить «${title}» на ${amount}? Сумма будет добавлена к договору.`,
  confirmDecline: (title: string) => `Отклонить «${title}»? Менеджер получит уведомление.`,
  confirm: 'Подтвердить',
  cancel: 'Отмена',
  approved: 'Одобрено',
  rejected: 'Отклонено',
  decidedBy: (who: string, when: string) => `${who}, ${when}`,
  alreadyDecided: 'По этому запросу уже принято решение.',
  lineAction: { add: 'Добавлено', remove: 'Убрано', change: 'Изменено' } as Record<string, string>,
  linesTotal: 'Работы по ценам сметы',
  markup: 'Наценка',
  discount: 'Скидка',
  vat: 'НДС',
  vatIncluded: 'в т. ч. НДС',
  noDocuments: 'Документов пока нет. Здесь появятся договор и смета.',
  docKind: { contract: 'Договор', estimate: 'Смета', act: 'Акт', other: 'Документ' },
  open: 'Открыть',
  estimates: 'Сметы',
  estimate: 'Смета',
  version: (n) => `версия ${n}`,
  estimateStatus: { sent: 'Ждёт вашего одобрения', approved: 'Одобрена', superseded: 'Заменена новой версией' },
  approvedBy: (who, when) => `Одобрил(а) ${who}, ${when}`,
  approvedByYou: (when) => `Вы одобрили, ${when}`,
  validUntil: (date) => `Действительна до ${date}`,
  estimateTotal: 'Итого',
  subtotal: 'Работы и материалы',
  approveEstimate: 'Одобрить',
  askQuestion: 'Задать вопрос',
  confirmEstimate: (total) => `Одобрить смету на ${total}? Менеджер подготовит договор.`,
  questionPlaceholder: 'Ваш вопрос по смете',
  send: 'Отправить',
  questionSent: 'Вопрос отправлен менеджеру. Ответ придёт в чат.',
  olderVersion: 'Эта версия устарела: откройте последнюю.',
  lines: (n) => `позиций: ${n}`,
  pdf: 'PDF',
  noEstimates: 'Смет пока нет.',
  planFact: 'План и факт',
  plan: 'План',
  fact: 'Факт',
  variance: 'Остаток',
  unassigned: (amount) => `Расходы без этапа: ${amount}`,
  errors: {
    outside: 'Откройте приложение из Telegram-бота компании.',
    noOrg: 'Ссылка неполная. Откройте приложение кнопкой меню в боте.',
    unauthorized: 'Сессия истекла. Закройте и снова откройте приложение из бота.',
    notClient: 'Мы не нашли ваших объектов. Попросите менеджера добавить вас как клиента.',
    network: 'Нет соединения. Проверьте интернет и попробуйте снова.',
    notFound: 'Этот объект недоступен.',
    invalid: 'Запрос не принят. Откройте приложение заново и попробуйте ещё раз.',
    conflict: 'Сейчас это сделать нельзя: объект изменился. Откройте приложение заново, чтобы увидеть актуальное.',
    tooMany: 'Слишком много попыток. Подождите минуту и попробуйте снова.',
    unavailable: 'Сервис ненадолго недоступен. Попробуйте через несколько минут.',
    generic: 'Что-то пошло не так. Попробуйте снова.',
  },
};

export type Strings = typeof en;
export type Lang = 'ru' | 'en';
export const strings: Record<Lang, Strings> = { en, ru };

/** The client's Telegram language when it is one we speak, else the organization's. */
export const pickLang = (telegram?: string | null, org?: string | null): Lang =>
  telegram?.startsWith('ru') ? 'ru' : telegram?.startsWith('en') ? 'en' : org === 'en' ? 'en' : 'ru';

export interface Locale {
  t: Strings;
  lang: Lang;
  money: (amount: string, sign?: boolean) => string;
  date: (iso: string) => string;
  /** A quantity as people write it: no trailing zeros, the language's decimal mark (`37.800` → `37,8`). */
  quantity: (value: string) => string;
}

export function makeLocale(lang: Lang, currency: string, timeZone: string): Locale {
  const tag = lang === 'en' ? 'en-GB' : 'ru-RU';
  // Whole amounts without decimals (€10,000), anything with cents with both digits (€3,000.10).
  const formatter = (cents: boolean, sign: boolean) => {
    const digits = cents ? 2 : 0;
    const options = { minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: sign ? 'exceptZero' : 'auto' } as const;
    try {
      return new Intl.NumberFormat(tag, { style: 'currency', currency, ...options });
    } catch {
      return new Intl.NumberFormat(tag, options);
    }
  };
  const formats = [formatter(false, false), formatter(true, false), formatter(false, true), formatter(true, true)];
  let dates: Intl.DateTimeFormat;
  try {
    dates = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone });
  } catch {
    dates = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  }
  return {
    t: strings[lang],
    lang,
    // Amounts arrive as exact decimal strings; they are only rendered here, never added up.
    money: (amount, sign = false) => formats[(sign ? 2 : 0) + (/\.\d*[1-9]/.test(amount) ? 1 : 0)]!.format(Number(amount)),
    date: (iso) => dates.format(new Date(iso)),
    quantity: (value) => {
      const trimmed = value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
      return lang === 'ru' ? trimmed.replace('.', ',') : trimmed;
    },
  };
}

export const LocaleContext = createContext<Locale>(makeLocale('ru', 'RUB', 'Europe/Moscow'));
export const useLocale = () => useContext(LocaleContext);
