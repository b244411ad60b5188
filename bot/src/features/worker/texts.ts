import { EXPENSE_CATEGORY_LABELS, pickLocale, type TextLocale } from '@crm/core';

export { pickLocale, type TextLocale };

const ru = {
  signInPrompt: 'Здравствуйте! Если вы сотрудник компании, нажмите «Поделиться телефоном», чтобы войти. Если вы клиент, просто напишите ваш вопрос.',
  sharePhone: '📱 Поделиться телефоном',
  notOwnContact: 'Пожалуйста, отправьте свой собственный номер кнопкой «Поделиться телефоном».',
  unknownPhone:
    'К сожалению, сотрудник с этим номером не найден. Попросите менеджера добавить вас в систему и попробуйте снова. Если вы клиент, просто напишите нам.',
  welcome: (name: string) => `Добро пожаловать, ${name}! Вы вошли как сотрудник. Пользуйтесь кнопками меню внизу.`,
  menuReport: '📝 Отчёт',
  menuExpense: '💸 Расход',
  menuProjects: '📋 Мои объекты',
  menuHint: 'Выберите действие в меню: «Отчёт», «Расход» или «Мои объекты».',
  noProjects: 'Вы пока не назначены ни на один объект. Обратитесь к менеджеру.',
  chooseProject: 'Выберите объект:',
  chooseStage: (project: string) => `Объект «${project}». Выберите этап:`,
  wholeProject: 'Весь объект',
  sendMedia: 'Пришлите фото и видео с объекта (можно альбомом). Когда закончите, нажмите «Готово».',
  mediaReceived: (n: number) => `Получено файлов: ${n}. Пришлите ещё или нажмите «Готово».`,
  done: '✅ Готово',
  sendNote: 'Запишите голосовое сообщение или напишите текстом, что сделано.',
  askProgress: (stage: string, pct: number) => `Этап «${stage}» сейчас выполнен на ${pct}%. Укажите новый процент (числом) или пропустите.`,
  skip: 'Пропустить',
  confirmSummary: (s: Summary) =>
    [
      'Проверьте отчёт:',
      `Объект: ${s.project}`,
      `Этап: ${s.stage ?? 'весь объект'}`,
      `Фото/видео: ${s.media}`,
      `Комментарий: ${s.voice ? '🎤 голосовое' : ''}${s.voice && s.text ? ' + ' : ''}${s.text ? `«${s.text}»` : ''}`,
      `Прогресс: ${s.progress === null ? 'без изменений' : `${s.progress}%`}`,
    ].join('\n'),
  confirm: '📤 Отправить',
  back: '⬅️ Назад',
  cancel: '✖️ Отмена',
  cancelled: 'Отменено. Ничего не сохранено.',
  reportSent: 'Отчёт отправлен. Спасибо!',
  stale: 'Эта кнопка уже неактуальна.',
  hintNeedMedia: 'Сначала пришлите хотя бы одно фото или видео, затем нажмите «Готово».',
  hintNeedNote: 'Сейчас нужен комментарий: голосовое сообщение или текст.',
  hintBadProgress: 'Укажите процент числом от 0 до 100, например 60, или нажмите «Пропустить».',
  hintUseButtons: 'Пожалуйста, выберите вариант кнопкой под сообщением или нажмите «Отмена».',
  askAmount: 'Введите сумму расхода, например: 12 500 или 12,5к.',
  hintBadAmount: 'Не удалось понять сумму. Примеры: 12 500, 12,5к, 1.2 млн.',
  chooseCategory: (amount: string) => `Сумма: ${amount}. Выберите категорию:`,
  chooseExpenseProject: 'К какому объекту относится расход?',
  chooseExpenseStage: 'К какому этапу?',
  sendReceipt: 'Пришлите фото чека. Если чека нет, нажмите «Без чека».',
  noReceipt: '🧾 Без чека',
  withoutReceipt: 'без чека',
  noteAdded: 'Добавил к заметкам отчёта.',
  forwarded: 'Сообщение передано менеджеру. Для отчёта или расхода воспользуйтесь меню.',
  hintNeedReceipt: 'Нужно фото чека (фотографией или файлом-изображением).',
  expenseSaved: (amount: string, category: string, project: string) => `Расход ${amount} (${category}) по объекту «${project}» записан.`,
  projectsList: 'Ваши объекты:',
  clientReport: (project: string, stage: string | null, progress: number | null) =>
    `Новый отчёт по объекту «${project}»${stage ? `, этап «${stage}»` : ''}${progress === null ? '' : `: выполнено ${progress}%`}.`,
  openApp: 'Открыть отчёты',
  categories: EXPENSE_CATEGORY_LABELS.ru,
};

interface Summary {
  project: string;
  stage: string | null;
  media: number;
  text: string | null;
  voice: boolean;
  progress: number | null;
}
export type WorkerTexts = typeof ru;

const en: WorkerTexts = {
  signInPrompt: 'Hello! If you work for the company, tap “Share phone” to sign in. If you are a client, just write your question.',
  sharePhone: '📱 Share phone',
  notOwnContact: 'Please send your own number with the “Share phone” button.',
  unknownPhone: 'Sorry, no employee with this number was found. Ask your manager to add you and try again. If you are a client, just write to us.',
  welcome: (name) => `Welcome, ${name}! You are signed in as a worker. Use the menu buttons below.`,
  menuReport: '📝 Report',
  menuExpense: '💸 Expense',
  menuProjects: '📋 My projects',
  menuHint: 'Choose an action in the menu: Report, Expense or My projects.',
  noProjects: 'You are not assigned to any project yet. Please contact your manager.',
  chooseProject: 'Choose a project:',
  chooseStage: (project) => `Project “${project}”. Choose a stage:`,
  wholeProject: 'Whole project',
  sendMedia: 'Send photos and videos from the site (albums are fine). Tap “Done” when finished.',
  mediaReceived: (n) => `Files received: ${n}. Send more or tap “Done”.`,
  done: '✅ Done',
  sendNote: 'Record a voice message or write what was done.',
  askProgress: (stage, pct) => `Stage “${stage}” is ${pct}% done. Send the new percentage (a number) or skip.`,
  skip: 'Skip',
  confirmSummary: (s) =>
    [
      'Check your report:',
      `Project: ${s.project}`,
      `Stage: ${s.stage ?? 'whole project'}`,
      `Photos/videos: ${s.media}`,
      `Note: ${s.voice ? '🎤 voice' : ''}${s.voice && s.text ? ' + ' : ''}${s.text ? `“${s.text}”` : ''}`,
      `Progress: ${s.progress === null ? 'unchanged' : `${s.progress}%`}`,
    ].join('\n'),
  confirm: '📤 Send',
  back: '⬅️ Back',
  cancel: '✖️ Cancel',
  cancelled: 'Cancelled. Nothing was saved.',
  reportSent: 'Report sent. Thank you!',
  stale: 'This button is no longer active.',
  hintNeedMedia: 'First send at least one photo or video, then tap “Done”.',
  hintNeedNote: 'A note is needed now: a voice message or text.',
  hintBadProgress: 'Send a percentage from 0 to 100, e.g. 60, or tap “Skip”.',
  hintUseButtons: 'Please choose with the buttons under the message, or tap “Cancel”.',
  askAmount: 'Enter the expense amount, e.g. 12 500 or 12.5k.',
  hintBadAmount: 'Could not read the amount. Examples: 12 500, 12.5k, 1.2 mln.',
  chooseCategory: (amount) => `Amount: ${amount}. Choose a category:`,
  chooseExpenseProject: 'Which project is the expense for?',
  chooseExpenseStage: 'Which stage?',
  sendReceipt: 'Send a photo of the receipt. No receipt? Tap “No receipt”.',
  noReceipt: '🧾 No receipt',
  withoutReceipt: 'no receipt',
  noteAdded: 'Added to the report notes.',
  forwarded: 'Your message was passed to the manager. For a report or an expense, use the menu.',
  hintNeedReceipt: 'A photo of the receipt is needed (as a photo or an image file).',
  expenseSaved: (amount, category, project) => `Expense ${amount} (${category}) for “${project}” recorded.`,
  projectsList: 'Your projects:',
  clientReport: (project, stage, progress) =>
    `New report on “${project}”${stage ? `, stage “${stage}”` : ''}${progress === null ? '' : `: ${progress}% done`}.`,
  openApp: 'Open reports',
  categories: EXPENSE_CATEGORY_LABELS.en,
};

export function textsFor(locale: TextLocale): WorkerTexts {
  return locale === 'en' ? en : ru;
}

/** Menu buttons in every language: a worker whose language changed still gets understood. */
export const MENU = {
  report: [ru.menuReport, en.menuReport],
  expense: [ru.menuExpense, en.menuExpense],
  projects: [ru.menuProjects, en.menuProjects],
};

export function categoryLabel(t: WorkerTexts, category: string): string {
  return t.categories[category] ?? category;
}
