import type { ClientLocale } from './texts.js';

const en = {
  approvedNote: (when: string) => `✅ Approved by you, ${when}`,
  approvedAnswer: 'Estimate approved. Your manager has been notified.',
  alreadyApproved: (who: string, when: string) => `Already approved${who ? ` by ${who}` : ''}, ${when}.`,
  askPrompt: (title: string, version: number) =>
    `Write your question about the estimate “${title}” (version ${version}) in your next message — your manager will see it in the chat.`,
  askAnswer: 'Write your question in the next message.',
  questionPassed: 'Thank you! Your question about the estimate has been passed to your manager.',
  notYours: 'This estimate is not available to you.',
  untitled: 'Estimate',
};

const ru: typeof en = {
  approvedNote: (when) => `✅ Вы одобрили, ${when}`,
  approvedAnswer: 'Смета одобрена. Менеджер получил уведомление.',
  alreadyApproved: (who, when) => `Смета уже одобрена${who ? ` (${who})` : ''}, ${when}.`,
  askPrompt: (title, version) => `Напишите вопрос по смете «${title}» (версия ${version}) следующим сообщением — менеджер увидит его в чате.`,
  askAnswer: 'Напишите вопрос следующим сообщением.',
  questionPassed: 'Спасибо! Ваш вопрос по смете передан менеджеру.',
  notYours: 'Эта смета вам недоступна.',
  untitled: 'Смета',
};

export const estimateTexts = (locale: ClientLocale) => (locale === 'en' ? en : ru);
