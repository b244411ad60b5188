import type { StageStatus } from '@crm/contracts';

// Content of the demo organization: plausible renovation leads, conversations and two projects.
export const DEMO_LEADS: { name: string; status: string; source: string; work_type: string | null; area_m2: string | null; budget: string | null; address?: string; days_ago: number; chat: [('in' | 'out'), string][] }[] = [
  { name: 'Ольга Смирнова', status: 'new', source: 'telegram', work_type: null, area_m2: null, budget: null, days_ago: 0, chat: [['in', 'Здравствуйте! Сколько стоит ремонт ванной?']] },
  { name: 'Игорь Петров', status: 'new', source: 'telegram', work_type: 'kitchen', area_m2: '12', budget: null, days_ago: 0, chat: [['in', 'Добрый день, нужна кухня под ключ, 12 м²'], ['out', 'Здравствуйте, Игорь! Подскажите, какой у вас ориентировочный бюджет?']] },
  { name: 'Anna Miller', status: 'new', source: 'site', work_type: 'cosmetic', area_m2: '45', budget: null, days_ago: 1, chat: [['in', 'Hi, I need a cosmetic renovation of a 45 sqm flat']] },
  { name: 'Дмитрий Козлов', status: 'new', source: 'avito', work_type: null, area_m2: null, budget: null, days_ago: 6, chat: [['in', 'Актуально ещё?']] },
  { name: 'Марина Волкова', status: 'qualified', source: 'telegram', work_type: 'apartment', area_m2: '64', budget: '1800000', days_ago: 1, chat: [['in', 'Двушка 64 метра во вторичке, ремонт под ключ'], ['out', 'Спасибо! Какой бюджет вы рассматриваете?'], ['in', 'Около 1.8 млн'], ['out', 'Отлично, передаю менеджеру — он предложит время замера.']] },
  { name: 'Сергей Новиков', status: 'qualified', source: 'telegram', work_type: 'bathroom', area_m2: '5', budget: '450000', days_ago: 2, chat: [['in', 'Санузел совмещённый 5 м², бюджет 450 тыс'], ['out', 'Когда хотели бы начать?'], ['in', 'В декабре']] },
  { name: 'Peter Brown', status: 'qualified', source: 'referral', work_type: 'capital', area_m2: '80', budget: '3500000', days_ago: 3, chat: [['in', 'Full renovation, 3 bedrooms, new build, budget around 3.5M']] },
  { name: 'Елена Морозова', status: 'measurement', source: 'telegram', work_type: 'apartment', area_m2: '38', budget: '1100000', days_ago: 2, chat: [['in', 'Когда сможете приехать на замер?'], ['out', 'Завтра в 11:00 подойдёт?'], ['in', 'Да, жду']] },
  { name: 'Алексей Соколов', status: 'measurement', source: 'site', work_type: 'kitchen', area_m2: '10', budget: '600000', days_ago: 4, chat: [['in', 'Замер в субботу в силе?'], ['out', 'Да, мастер будет в 10:00']] },
  { name: 'Татьяна Лебедева', status: 'measurement', source: 'telegram', work_type: 'design', area_m2: '70', budget: null, days_ago: 8, chat: [['in', 'Нужен дизайн-проект трёшки']] },
  { name: 'Николай Егоров', status: 'estimate', source: 'telegram', work_type: 'apartment', area_m2: '52', budget: '1500000', days_ago: 3, chat: [['out', 'Николай, смета готова, отправил на почту'], ['in', 'Спасибо, изучу до пятницы']] },
  { name: 'Kate Wilson', status: 'estimate', source: 'site', work_type: 'bathroom', area_m2: '6', budget: '520000', days_ago: 5, chat: [['in', 'Could you split the estimate into stages?'], ['out', 'Sure, I will send the staged version today']] },
  { name: 'Виктор Павлов', status: 'estimate', source: 'avito', work_type: 'cosmetic', area_m2: '33', budget: '400000', days_ago: 10, chat: [['in', 'Дороговато, есть варианты дешевле?']] },
  { name: 'Ирина Федорова', status: 'contract', source: 'telegram', work_type: 'apartment', area_m2: '75', budget: '2600000', address: 'ул. Вавилова, 9, кв. 118', days_ago: 2, chat: [['out', 'Договор во вложении, подпишем в четверг?'], ['in', 'Да, в четверг удобно']] },
  { name: 'Андрей Михайлов', status: 'contract', source: 'referral', work_type: 'kitchen', area_m2: '14', budget: '900000', days_ago: 6, chat: [['in', 'Аванс перевёл']] },
  { name: 'Светлана Орлова', status: 'won', source: 'telegram', work_type: 'apartment', area_m2: '58', budget: '2000000', days_ago: 20, chat: [['in', 'Спасибо, начинаем!']] },
  { name: 'Максим Андреев', status: 'won', source: 'site', work_type: 'bathroom', area_m2: '4', budget: '380000', days_ago: 15, chat: [['in', 'Когда бригада выйдет?'], ['out', 'В понедельник в 9:00']] },
  { name: 'Юлия Никитина', status: 'lost', source: 'avito', work_type: 'cosmetic', area_m2: '40', budget: '250000', days_ago: 12, chat: [['in', 'Мы выбрали другую компанию, извините']] },
  { name: 'John Davis', status: 'lost', source: 'site', work_type: 'other', area_m2: null, budget: null, days_ago: 25, chat: [['in', 'Just wanted a quote for painting one wall']] },
  { name: 'Роман Захаров', status: 'new', source: 'telegram', work_type: 'capital', area_m2: '90', budget: '4000000', days_ago: 0, chat: [['in', 'Капитальный ремонт 90 м², бюджет 4 млн, позовите менеджера']] },
];

export const DEMO_STAGES: [string, StageStatus, number, string][] = [
  ['Демонтаж', 'done', 100, '120000'],
  ['Электрика', 'done', 100, '180000'],
  ['Сантехника', 'in_progress', 60, '220000'],
  ['Штукатурка', 'in_progress', 30, '260000'],
  ['Плитка', 'planned', 0, '300000'],
  ['Чистовая отделка', 'planned', 0, '400000'],
];
