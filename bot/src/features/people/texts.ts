import type { TextLocale } from '@crm/core';

const ru = {
  staffLinked: (name: string) =>
    `Готово, ${name}: Telegram привязан. Сюда будут приходить горячие лиды, утренняя сводка, решения клиентов и недоставленные сообщения.`,
  clientLinked: (name: string) => `Здравствуйте, ${name}! Теперь вы на связи с нами здесь: пишите в этот чат, а ход ремонта смотрите по кнопке «Мой ремонт».`,
  workerLinked: (name: string) => `Добро пожаловать, ${name}! Вы вошли как сотрудник. Пользуйтесь кнопками меню внизу.`,
  invalid: 'Эта ссылка уже недействительна. Попросите менеджера прислать новую.',
  taken: 'Этот аккаунт Telegram уже привязан к другому человеку в компании. Обратитесь к менеджеру.',
};

const en: typeof ru = {
  staffLinked: (name) => `Done, ${name}: Telegram is linked. Hot leads, the morning digest, client decisions and failed deliveries will come here.`,
  clientLinked: (name) => `Hello, ${name}! You can reach us right here: write in this chat, and follow your renovation with the "My renovation" button.`,
  workerLinked: (name) => `Welcome, ${name}! You are signed in as a worker. Use the menu buttons below.`,
  invalid: 'This link is no longer valid. Please ask your manager for a new one.',
  taken: 'This Telegram account is already linked to someone else in the company. Please contact your manager.',
};

export const peopleTexts = (locale: TextLocale) => (locale === 'en' ? en : ru);
