import type { TextLocale } from '@crm/core';

const ru = {
  welcome:
    'Здравствуйте! Чтобы переписка этой группы попадала в карточку объекта, менеджер компании отправляет сюда /link <код> (код — на странице объекта в CRM) или просто /link и выбирает объект.',
  linked: (project: string) => `Готово: группа привязана к объекту «${project}». Сообщения отсюда видят менеджеры компании, а их ответы приходят сюда.`,
  forbidden: 'Привязать группу к объекту может только менеджер компании, чей Telegram привязан в CRM.',
  invalid: 'Код не подошёл. Проверьте его или получите новый на странице объекта в CRM.',
  used: 'Этот код уже использован. Получите новый на странице объекта в CRM.',
  expired: 'Срок действия кода истёк. Получите новый на странице объекта в CRM.',
  projectHasGroup: 'К этому объекту уже привязана другая группа. Сначала отвяжите её на странице объекта в CRM.',
  noProject: 'Этот объект не найден. Получите новый код на странице объекта в CRM.',
  choose: 'Выберите объект для этой группы:',
  noProjects: 'Нет открытых объектов без группы. Создайте объект в CRM или отвяжите группу на странице объекта.',
};

const en: typeof ru = {
  welcome:
    "Hello! To keep this group's conversation on a project's page, a company manager sends /link <code> here (the code is on the project's page in the CRM), or just /link and picks the project.",
  linked: (project) => `Done: this group is linked to the project “${project}”. The company's managers see the messages here, and their replies come here.`,
  forbidden: 'Only a company manager whose Telegram is linked in the CRM can link this group to a project.',
  invalid: "This code doesn't fit. Check it, or get a new one on the project's page in the CRM.",
  used: "This code has already been used. Get a new one on the project's page in the CRM.",
  expired: "This code has expired. Get a new one on the project's page in the CRM.",
  projectHasGroup: "This project already has another group. Unlink it on the project's page in the CRM first.",
  noProject: "This project was not found. Get a new code on the project's page in the CRM.",
  choose: 'Choose the project for this group:',
  noProjects: "There are no open projects without a group. Create a project in the CRM, or unlink a group on the project's page.",
};

export type GroupTexts = typeof ru;
export const groupTexts = (locale: TextLocale): GroupTexts => (locale === 'en' ? en : ru);
