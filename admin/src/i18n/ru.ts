import russianMessages from 'ra-language-russian';
import englishMessages from 'ra-language-english';
import type { TranslationMessages } from 'react-admin';

// ra-language-russian lags react-admin by a few keys; those fall back to English rather than showing a raw key.
const ra = {
  ...englishMessages.ra,
  ...Object.fromEntries(Object.entries(russianMessages.ra).map(([group, keys]) => [group, { ...(englishMessages.ra as Record<string, object>)[group], ...(keys as object) }])),
} as TranslationMessages['ra'];

// «Создать Пользователь» reads badly in Russian; a heading form fits every resource name.
ra.page.create = 'Создание: %{name}';

export const ru: TranslationMessages = {
  ra,
  resources: {
    'catalog-items': {
      name: 'Позиция прайса |||| Прайс',
      fields: {
        name: 'Наименование', kind: 'Тип', unit: 'Ед. изм.', price: 'Цена', category: 'Категория', description: 'Описание',
        material_id: 'Расходует материал', material_qty: 'Расход на единицу работы', archived: 'В архиве', q: 'Поиск',
      },
    },
    leads: {
      name: 'Лид |||| Лиды',
      fields: {
        name: 'Имя', username: 'Telegram', phone: 'Телефон', status: 'Статус', source: 'Источник', manager_id: 'Менеджер',
        ai_enabled: 'Отвечает ИИ-агент', ai_summary: 'Сводка ИИ', work_type: 'Вид работ', area_m2: 'Площадь, м²', rooms: 'Комнат',
        budget_amount: 'Бюджет', timing: 'Сроки', property_type: 'Жильё', address: 'Адрес', hotness: 'Горячесть',
        needs_manager: 'Нужен менеджер', lost_reason: 'Причина отказа', last_activity_at: 'Последняя активность', created_at: 'Создан',
        unread_count: 'Непрочитано', q: 'Поиск',
      },
    },
    projects: {
      name: 'Объект |||| Объекты',
      fields: {
        name: 'Название', address: 'Адрес', status: 'Статус', client_id: 'Клиент', manager_id: 'Менеджер', lead_id: 'Лид',
        budget_total: 'Бюджет', budget_spent: 'Потрачено', start_date: 'Начало', end_date: 'Окончание', worker_ids: 'Рабочие', q: 'Поиск',
      },
    },
    stages: {
      name: 'Этап |||| Этапы',
      fields: { name: 'Этап', status: 'Статус', progress_pct: 'Готовность, %', budget_planned: 'Плановый бюджет', position: 'Порядок' },
    },
    'daily-reports': {
      name: 'Отчёт |||| Отчёты',
      fields: { content: 'Отчёт', author_id: 'Автор', stage_id: 'Этап', created_at: 'Дата', progress_pct: 'Готовность, %' },
    },
    transactions: {
      name: 'Операция |||| Финансы',
      fields: {
        project_id: 'Объект', stage_id: 'Этап', amount: 'Сумма', type: 'Тип', status: 'Статус', category: 'Категория',
        description: 'Описание', proof_url: 'Чек', occurred_on: 'Дата', occurred_on_gte: 'С', occurred_on_lte: 'По',
        author_id: 'Автор', q: 'Поиск',
      },
    },
    'change-requests': {
      name: 'Допработы |||| Допработы',
      fields: {
        project_id: 'Объект', title: 'Название', description: 'Описание', amount: 'Сумма', status: 'Статус',
        created_by: 'Создал', decided_by: 'Решение принял', decided_at: 'Дата решения', sent_at: 'Отправлено клиенту', created_at: 'Создано',
      },
    },
    estimates: {
      name: 'Смета |||| Сметы',
      fields: {
        title: 'Название', version: 'Версия', status: 'Статус', total: 'Итого', markup_type: 'Наценка', markup_value: 'Размер наценки',
        discount_type: 'Скидка', discount_value: 'Размер скидки', vat_rate: 'НДС, %', vat_included: 'НДС включён в цены',
        valid_until: 'Действует до', notes: 'Примечания для клиента', section_name: 'Помещение или этап', length: 'Длина, м', width: 'Ширина, м',
        height: 'Высота, м', name: 'Работа или материал', unit: 'Ед.', quantity: 'Кол-во', quantity_source: 'Количество из', unit_price: 'Цена',
        lead_id: 'Лид', project_id: 'Проект', sections: 'Разделы',
      },
    },
    documents: {
      name: 'Документ |||| Документы',
      fields: { title: 'Название', kind: 'Вид', url: 'Файл', size: 'Размер', created_at: 'Загружен' },
    },
    users: {
      name: 'Пользователь |||| Пользователи',
      fields: {
        name: 'Имя', role: 'Роль', email: 'Email', phone: 'Телефон (E.164)', password: 'Пароль', telegram_linked: 'Telegram',
        telegram_username: 'Имя в Telegram', is_active: 'Активен', created_at: 'Создан', q: 'Поиск',
      },
    },
    organizations: {
      name: 'Настройки',
      fields: {
        name: 'Название компании', country: 'Страна', currency: 'Валюта', timezone: 'Часовой пояс', locale: 'Язык', bot_token: 'Токен бота',
        ai_enabled: 'ИИ-агент продаж включён', ai_instructions: 'Инструкции для ИИ-агента', stale_lead_days: 'Лид «остывает» через (дней)',
        hot_budget_threshold: 'Горячий лид — бюджет от', report_reminder_hour: 'Час напоминания об отчёте', digest_hour: 'Час сводки менеджеру',
        notify_client_on_report: 'Сообщать клиенту об отчётах',
      },
    },
  },
  crm: {
    catalogue: {
      empty: 'Прайс пуст. Загрузите свои цены из Excel (XLSX) или CSV или добавьте работы и материалы по одной: из них собираются сметы.',
      import: 'Импорт', add: 'Добавить позицию',
      import_title: 'Импорт прайса',
      import_help: 'Колонки узнаются по заголовкам (Наименование, Ед. изм., Цена, Категория; или Name, Unit, Price, Category). Позиция с тем же наименованием и единицей обновляется, остальные добавляются. До 5 МБ и 5000 строк.',
      actions: { create: 'добавлена', update: 'обновлена', error: 'с ошибками' },
      summary: 'Строк: %{total}; добавится %{create}, обновится %{update}, с ошибками %{errors}',
      imported: 'Импорт завершён: добавлено %{created}, обновлено %{updated}, пропущено %{skipped}',
    },
    import: {
      choose_file: 'Выберите файл CSV или XLSX', reading: 'Читаем файл…',
      mapping: 'Какая колонка что содержит', not_mapped: '— нет в файле —', line: 'Строка', action: 'Будет',
      skip_invalid: 'Импортировать без %{count} строк с ошибками', import_now: 'Импортировать', more_rows: '…и ещё строк: %{count}',
      progress: 'Сохранено %{done} из %{total}', export_csv: 'CSV', export_xlsx: 'Excel',
    },
    lead_import: {
      import: 'Импорт из amoCRM / Битрикс24', import_title: 'Импорт лидов и контактов',
      import_help: 'Загрузите выгрузку сделок, лидов или контактов из amoCRM или Битрикс24 (CSV или XLSX). Колонки узнаются по заголовкам (Основной контакт, Телефон, Бюджет, Этап сделки, Ответственный…), этапы переводятся в статусы, телефоны приводятся к международному виду. Дубли ищутся по телефону. До 5 МБ и 5000 строк.',
      duplicates: 'Если лид с таким телефоном уже есть',
      duplicate_modes: { skip: 'пропустить строку', update: 'дополнить пустые поля лида', create: 'всё равно создать нового' },
      duplicate_of_lead: 'дубль: %{name} (№%{id})', duplicate_of_row: 'повтор строки %{line}',
      actions: { create: 'новый лид', update: 'дополнит лид', skip: 'пропущена', error: 'с ошибками' },
      summary: 'Строк: %{total}; новых лидов %{create}, дополнится %{update}, пропущено дублей %{skip}, с ошибками %{errors}',
      imported: 'Импорт завершён: новых лидов %{created}, дополнено %{updated}, пропущено дублей %{skipped}, строк с ошибками %{invalid}',
      fields: {
        contact: 'Контакт (ФИО)', first_name: 'Имя', last_name: 'Фамилия', name: 'Название сделки', phone: 'Телефон', phone_alt: 'Второй телефон',
        budget: 'Бюджет', status: 'Этап / статус', source: 'Источник', manager: 'Ответственный', address: 'Адрес',
      },
    },
    catalogue_kind: { work: 'Работа', material: 'Материал' },
    unit: { m2: 'м²', m: 'м', pcs: 'шт', point: 'точка', set: 'компл.', m3: 'м³', kg: 'кг', l: 'л', hour: 'ч', day: 'день', pack: 'уп.', t: 'т' },
    errors: { validation: 'Проверьте значения', not_found: 'Не найдено: возможно, запись удалена', conflict: 'Это противоречит текущему состоянию', unauthorized: 'Неверная почта или пароль, либо сессия истекла', forbidden: 'У вас нет прав на это действие', rate_limited: 'Слишком много попыток; подождите немного', unavailable: 'Сервис ненадолго недоступен; попробуйте ещё раз', bad_request: 'Не удалось прочитать запрос', internal: 'Что-то пошло не так на нашей стороне; попробуйте ещё раз', bad_gateway: 'Процесс бота недоступен', generic: 'Что-то пошло не так' },
    field_errors: { required: 'обязательно', invalid: 'указано неверно', invalid_type: 'неверного типа', too_short: 'слишком короткое', too_long: 'слишком длинное', too_small: 'слишком маленькое', too_large: 'слишком большое', too_few: 'нужно больше значений', too_many: 'слишком много значений', invalid_email: 'должен быть адрес электронной почты', invalid_phone: 'должен быть номер телефона, например +7 900 123-45-67', invalid_number: 'должна быть сумма, например 12 500 или 12,5к', too_many_decimals: 'слишком много знаков после запятой', negative: 'не может быть отрицательным', not_positive: 'должно быть больше нуля', taken: 'уже занято', unknown_reference: 'ссылается на несуществующую запись', invalid_time_zone: 'должен быть часовой пояс, например Europe/Moscow', invalid_date: 'должна быть дата', invalid_country: 'должен быть код страны, например RU или BY', invalid_currency: 'должен быть код валюты, например RUB', own_account: 'нельзя менять для своей учётной записи', unknown_field: 'здесь неизвестно', invalid_json: 'повреждено', not_allowed: 'не из допустимых значений', invalid_format: 'в неверном формате', choose_organization: 'выберите компанию для входа', bot_token_unusable: 'нельзя подключить: отзовите его в @BotFather (/revoke) и вставьте новый токен' },
    ai_paused_reasons: { manager_replied: 'ответил менеджер' },
    countries: { RU: 'Россия', BY: 'Беларусь', KZ: 'Казахстан', UA: 'Украина', UZ: 'Узбекистан', KG: 'Кыргызстан', AM: 'Армения', GE: 'Грузия', AZ: 'Азербайджан', MD: 'Молдова', TR: 'Турция', AE: 'ОАЭ', DE: 'Германия', GB: 'Великобритания', US: 'США' },
    lead_status: { new: 'Новые', qualified: 'Квалифицирован', measurement: 'Замер', estimate: 'Смета', contract: 'Договор', won: 'Выигран', lost: 'Проигран' },
    work_type: { apartment: 'Квартира целиком', bathroom: 'Санузел', kitchen: 'Кухня', cosmetic: 'Косметический', capital: 'Капитальный', design: 'Дизайн', other: 'Другое' },
    property_type: { new_build: 'Новостройка', secondary: 'Вторичка' },
    project_status: { planning: 'Планирование', active: 'В работе', paused: 'Пауза', done: 'Сдан', cancelled: 'Отменён' },
    stage_status: { planned: 'Запланирован', in_progress: 'В работе', done: 'Готов' },
    transaction_type: { expense: 'Расход', income: 'Приход' },
    transaction_status: { confirmed: 'Подтверждён', rejected: 'Отклонён' },
    change_request_status: { pending: 'Ждёт клиента', approved: 'Согласовано', rejected: 'Отклонено' },
    document_kind: { contract: 'Договор', estimate: 'Смета', act: 'Акт', other: 'Другое' },
    role: { admin: 'Администратор', manager: 'Менеджер', worker: 'Рабочий', client: 'Клиент' },
    delivery: { received: 'Получено', queued: 'В очереди', sending: 'Отправляется', retrying: 'Повторяем отправку', sent: 'Доставлено', failed: 'Не доставлено', blocked: 'Бот заблокирован' },
    sandbox: { banner: 'Песочница: сообщения уходят во встроенный симулятор Telegram', open: 'Открыть /sandbox', hint: 'Подключите токен бота в настройках, чтобы работать с настоящим Telegram.' },
    menu: { dashboard: 'Сводка', chat: 'Чаты', settings: 'Настройки', jobs: 'Фоновые задачи', profile: 'Мой профиль' },
    auth: {
      sign_up: 'Создать аккаунт', sign_up_title: 'Регистрация компании', have_account: 'Уже есть аккаунт? Войти',
      no_account: 'Новая компания? Зарегистрируйтесь', organization: 'Название компании', name: 'Ваше имя', email: 'Email', password: 'Пароль (от 10 символов)',
      choose_organization: 'Этот email и пароль подходят к нескольким компаниям. Выберите одну:', organization_choice: 'Компания',
    },
    leads: {
      board: 'Доска', table: 'Таблица', stale: 'Нет активности %{days} дн.', empty_column: 'Перетащите лида сюда', move_failed: 'Не удалось переместить лида: %{error}',
      all_closed: 'Все выигранные и проигранные, а не только за %{days} дн.', show_more: 'Показать ещё (%{count})', loading_more: 'Загрузка…',
      moved: 'Лид перемещён', total: 'Итого', open_chat: 'Открыть чат', empty: 'Лидов пока нет. Они появятся, когда кто-то напишет вашему Telegram-боту, или добавьте вручную.',
      ai_paused: 'ИИ на паузе: %{reason}', hot: 'Горячий', mark_lost: 'Отметить проигранными',
    },
    notifications: {
      title: 'Уведомления', read_all: 'Прочитать все', empty: 'Пока ничего. Здесь появятся передачи лидов, решения клиентов, новые отчёты, недоставленные сообщения и утренняя сводка.', open: 'Открыть',
      type: { 'lead.handoff': 'Передача лида ·', 'change_request.approved': 'Решение клиента ·', 'change_request.rejected': 'Решение клиента ·', 'report.created': 'Новый отчёт ·', 'delivery.failed': 'Не доставлено ·', 'storage.full': 'Хранилище ·', digest: 'Сводка ·', 'worker.message': 'Сообщение рабочего ·' },
    },
    chat: {
      retrying: 'Telegram не отвечает, пробуем снова (попытка %{attempts})', resend: 'Отправить снова', media_not_saved: '%{what}: не сохранено — хранилище компании заполнено', media_loading: '%{what}: ещё загружается…', media_failed: '%{what}: не удалось загрузить', retry_media: 'Повторить',
      title: 'Чаты', search: 'Поиск по диалогам', empty: 'Диалогов пока нет. Когда кто-то напишет вашему Telegram-боту, диалог появится здесь.',
      pick: 'Выберите диалог слева', type: 'Напишите сообщение…', send: 'Отправить', attach: 'Прикрепить файлы', older: 'Показать более ранние',
      no_messages: 'Сообщений пока нет', failed: 'Не доставлено: %{error}', take_over: 'Отвечаю сам (ИИ-агент выключен)', ai_on: 'Этому человеку отвечает ИИ-агент',
      assign_me: 'Взять себе', manager: 'Менеджер', project: 'Объект', no_project: 'Объекта пока нет', qualification: 'Квалификация',
      summary: 'Сводка ИИ', unavailable: 'Сервис чатов пока недоступен: %{error}', voice: 'Голосовое сообщение', edited: 'изменено', you: 'Вы',
      photo: 'Фото', document: 'Документ', waiting: 'ждёт ответа', live: 'Онлайн', offline: 'Переподключение…',
    },
    contract_template: {
      title: 'Шаблон договора', built_in: 'Используется встроенный шаблон. Измените и сохраните, чтобы использовать свой.', own: 'Для новых договоров используется ваш шаблон.',
      help: 'Обычный текст. Подстановки в двойных фигурных скобках заполняются данными объекта при создании договора; нажмите на подстановку выше, чтобы вставить её.',
      saved: 'Шаблон договора сохранён', reset: 'Вернуть встроенный шаблон', generate: 'Сформировать договор (PDF)', generated: 'Договор сформирован и добавлен в документы',
    },
    change_orders: {
      incomplete: 'Укажите название и цену новой строки, чтобы увидеть изменение.',
      from_estimate: 'Допработы по смете', title: 'Допработы по смете', was: 'Сейчас', delta: 'Изменение', remove: 'Убрать',
      add_line: 'Добавить строку', new_line: 'Работа или материал (введите или выберите из каталога)', empty: 'Измените количество или цену, уберите строку или добавьте новую: изменение считается по мере ввода.',
      lines_delta: 'Работы по ценам сметы', markup: 'Наценка', discount: 'Скидка', vat: 'НДС', amount: 'Сумма допработ',
      contract_after: 'Договор %{before} → %{after}', approve: 'Клиент одобрил', decline: 'Клиент отклонил',
      action: { add: 'Добавлено', remove: 'Убрано', change: 'Изменено' },
    },
    projects: {
      money: 'Деньги: план и факт', planned: 'Бюджет', stages_planned: 'Смета по этапам', spent: 'Расходы', income: 'Поступления',
      contract_base: 'Договор (исходный)', contract_total: 'Договор с допработами', to_pay: 'Клиенту осталось оплатить', change_orders: 'Согласованные допработы', balance: 'Остаток бюджета', stages: 'Этапы', reports: 'Ежедневные отчёты', documents: 'Документы',
      change_requests: 'Допработы', no_stages: 'Этапов пока нет. Добавьте первый ниже.', add_stage: 'Добавить этап',
      media_not_saved: 'Не сохранено файлов (хранилище компании заполнено): %{smart_count}', no_reports: 'Отчётов пока нет. Рабочие присылают их через Telegram.', no_documents: 'Документов пока нет.', upload: 'Загрузить документ',
      no_change_requests: 'Допработ пока нет.', new_change_request: 'Новые допработы', send_to_client: 'Отправить клиенту',
      sent: 'Отправлено клиенту %{date}', decided: '%{status}: %{who}, %{date}', client: 'Клиент', progress: 'Готовность',
      uploaded: 'Документ загружен', saved: 'Сохранено',
    },
    estimates: {
      tab: 'Сметы', new: 'Новая смета', empty: 'Смет пока нет. Начните: помещения или этапы, затем работы и материалы с ценами.',
      title: 'Смета v%{version}', saved: 'Смета сохранена', duplicate: 'Новая версия', read_only: 'Эта версия отправлена клиенту и не меняется. Чтобы изменить, сделайте новую версию.',
      no_sections: 'Помещений и этапов пока нет. Добавьте ниже.', no_lines: 'Строк пока нет: нажмите «Добавить строку» или Enter в последней строке.',
      add_section: 'Добавить помещение или этап', new_section: 'Помещение %{n}', remove_section: 'Удалить помещение или этап', add_line: 'Добавить строку',
      add_opening: 'Добавить дверь или окно', opening_width: 'Проём Ш', opening_height: 'Проём В',
      room_figures: 'Пол %{floor} м² · стены %{walls} м² (без проёмов) · периметр %{perimeter} м',
      subtotal: 'Работы и материалы', markup: 'Наценка', discount: 'Скидка', vat_on_top: 'НДС', vat_included: 'в т. ч. НДС', total: 'Итого',
      adjustment: { percent: '%', amount: 'Сумма' },
      quantity_source: { manual: 'вручную', floor_area: 'площадь пола', wall_area: 'площадь стен', perimeter: 'периметр' },
    },
    estimate_status: { draft: 'Черновик', sent: 'Отправлена', approved: 'Согласована', superseded: 'Заменена' },
    transactions: { totals: 'Итого по фильтру', expenses: 'Расходы', income: 'Поступления', balance: 'Сальдо', receipt: 'Чек', empty: 'Операций пока нет. Рабочие вносят расходы через Telegram, или добавьте здесь.' },
    users: { invite_worker: 'Пригласить рабочего', phone_help: 'Как угодно: 8 900 123-45-67 или +375 29 123-45-67', invite_help: 'Укажите телефон рабочего; номер без кода страны читается как номер страны организации (Настройки). Он войдёт, поделившись контактом с ботом.', linked: 'Привязан', not_linked: 'Не привязан', invited: 'Рабочий приглашён' },
    settings: { country_help: "Номера без кода страны читаются как номера этой страны",
      title: 'Настройки организации', bot: 'Telegram-бот', bot_connected: 'Подключён как @%{username}', bot_pending: 'Токен сохранён, бот скоро подключится', check_bot: 'Проверить подключение', bot_check_failed: 'Telegram не принял бота: %{reason}',
      bot_none: 'Бот не подключён', bot_token_help: 'Вставьте токен от @BotFather. Он больше не показывается; оставьте пустым, чтобы не менять.',
      remove_bot: 'Отключить бота', ai: 'ИИ-агент продаж', general: 'Общие', leads: 'Лиды', saved: 'Настройки сохранены', jobs: 'Открыть панель фоновых задач',
    },
    dashboard: {
      stale_leads: 'Лиды без активности', 
      welcome: 'Здравствуйте, %{name}', new_leads_week: 'Новых лидов за неделю', leads_per_stage: 'Лиды по этапам', active_projects: 'Объекты в работе',
      money: 'Потрачено и запланировано', pending_change_requests: 'Допработы ждут клиента', waiting_chats: 'Чаты ждут ответа',
      no_projects: 'Объектов в работе пока нет.', all_answered: 'Всем ответили.', none_pending: 'Клиенту ничего не отправлено на согласование.',
      getting_started: 'С чего начать: подключите Telegram-бота в Настройках — и лиды начнут приходить сами.',
    },
    category: { materials: 'Материалы', labour: 'Работа', tools: 'Инструменты', transport: 'Транспорт', other: 'Прочее', advance: 'Аванс', payment: 'Оплата' },
    language: 'Язык',
    groups: {
      title: 'Группа в Telegram', link: 'Привязать группу Telegram', unlink: 'Отвязать', unlinked: 'Группа отвязана от объекта',
      none: 'Группа Telegram ещё не привязана. Привяжите группу, где вы общаетесь с клиентом и бригадой: её сообщения будут приходить в чат, а ваши ответы — в группу.',
      linked: 'Привязана группа: %{title}', linked_by: 'Привязал(а) %{name}, %{date}', open_chat: 'Открыть переписку',
      bot_left: 'Бота удалили из этой группы: добавьте его обратно, чтобы переписка продолжалась.',
      steps_title: 'Как привязать группу', step_add: '1. Добавьте бота компании @%{bot} в группу.', step_add_no_bot: '1. Добавьте бота компании в группу.',
      step_send: '2. Со своего Telegram (привязанного в профиле) отправьте в группу:', step_done: 'Когда группа будет привязана, бот ответит в группе.',
      add_to_group: 'Добавить бота в группу', code_expires: 'Код действует один раз, до %{date}.', copy: 'Скопировать команду', copied: 'Команда скопирована',
      unlink_confirm: 'Отвязать группу «%{title}» от объекта? Её сообщения останутся в чате как переписка группы.',
      chip: 'Группа', project: 'Объект', group_title: 'Группа в Telegram', not_linked: 'Не привязана к объекту. Чтобы привязать, менеджер отправляет /link в группе.',
      manager_of_project: 'Здесь отвечает менеджер объекта',
    },
    people: {
      make_client: 'Сделать клиентом', new_project: 'Новый объект', take: 'Беру', taken: 'Разговор ваш; ИИ-агент выключен',
      client_created: '%{name} теперь клиент', client_attached: 'Привязан к существующему клиенту %{name}',
      won_prompt_title: 'Сделать %{name} клиентом?', won_prompt: 'Лид на этапе «%{status}». Сделать его клиентом (тот же человек и тот же чат в Telegram) и открыть объект?',
      later: 'Позже', make_client_and_project: 'Сделать клиентом и открыть объект',
      profile: 'Мой профиль', profile_saved: 'Профиль сохранён', phone_help: 'С телефоном в профиле Telegram можно привязать, поделившись контактом с ботом.',
      telegram_help: 'Привяжите Telegram, чтобы получать от бота компании горячих лидов (с кнопкой к разговору), утреннюю сводку, решения клиентов и недоставленные сообщения.',
      link_telegram: 'Привязать Telegram', relink_telegram: 'Привязать другой аккаунт Telegram', linked_as: 'Привязан: @%{username}',
      link_help: 'Откройте ссылку на телефоне с вашим Telegram и нажмите «Старт». Ссылка одноразовая.',
      invite_link: 'Ссылка-приглашение в Telegram', invite_help: 'Отправьте ссылку человеку (или дайте отсканировать с экрана). Когда он откроет её и нажмёт «Старт», его Telegram будет привязан. Ссылка одноразовая.',
      open_telegram: 'Открыть в Telegram', copy: 'Скопировать ссылку', copied: 'Ссылка скопирована', link_expires: 'Действует до %{date}',
      no_bot: 'Сначала подключите бота компании в Настройках: для ссылки нужно его имя.',
    },
  },
};
