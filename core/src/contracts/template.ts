import { invalid } from '../errors.js';

/**
 * Contract templates: plain text with `{{placeholders}}`. The set of placeholders is closed: a
 * template naming any other is refused with the unknown names, so a typo never reaches a client.
 */
export const CONTRACT_PLACEHOLDERS = [
  'firm.name',
  'client.name',
  'client.phone',
  'project.name',
  'project.address',
  'project.start_date',
  'project.end_date',
  'estimate.number',
  'estimate.total',
  'contract.total',
  'schedule',
  'today',
] as const;
export type ContractPlaceholder = (typeof CONTRACT_PLACEHOLDERS)[number];
export type ContractValues = Record<ContractPlaceholder, string>;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const CONTRACT_TEMPLATE_MAX = 50_000;

/** The placeholders a template uses that are not known, in order of first use. */
function unknownPlaceholders(body: string): string[] {
  const known = new Set<string>(CONTRACT_PLACEHOLDERS);
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !known.has(name)))];
}

/** Refuses an empty or oversized template, or one naming unknown placeholders (listed in the message). */
export function validateContractTemplate(body: string): string {
  const text = body.replace(/\r\n/g, '\n');
  if (!text.trim()) throw invalid({ body: 'is required' }, 'Invalid contract template');
  if (text.length > CONTRACT_TEMPLATE_MAX) throw invalid({ body: `is too large: at most ${CONTRACT_TEMPLATE_MAX} characters` }, 'Invalid contract template');
  const unknown = unknownPlaceholders(text);
  if (unknown.length) {
    throw invalid(
      { body: { code: 'unknown_placeholder', message: `has unknown placeholders: ${unknown.map((u) => `{{${u}}}`).join(', ')}` } },
      'Invalid contract template',
    );
  }
  return text;
}

/** The template with every placeholder replaced by its value. */
export const renderContractTemplate = (body: string, values: ContractValues): string =>
  body.replace(PLACEHOLDER, (_all, name: string) => values[name as ContractPlaceholder] ?? '');

const RU = `ДОГОВОР ПОДРЯДА № {{estimate.number}}

Дата: {{today}}

{{firm.name}} (далее — «Подрядчик») и {{client.name}}, телефон {{client.phone}} (далее — «Заказчик»), заключили настоящий договор о нижеследующем.

1. ПРЕДМЕТ ДОГОВОРА
1.1. Подрядчик выполняет ремонтные работы на объекте «{{project.name}}» по адресу: {{project.address}}, в объёме, указанном в согласованной смете № {{estimate.number}}.
1.2. Сроки работ: с {{project.start_date}} по {{project.end_date}}.

2. ЦЕНА И ПОРЯДОК РАСЧЁТОВ
2.1. Стоимость работ по смете: {{estimate.total}}.
2.2. Цена договора с учётом согласованных дополнительных работ: {{contract.total}}.
2.3. Дополнительные работы выполняются только после их согласования Заказчиком.

3. ЭТАПЫ РАБОТ
{{schedule}}

4. ПРОЧИЕ УСЛОВИЯ
4.1. Заказчик следит за ходом работ и согласует изменения в Telegram-боте и приложении Подрядчика.

Подрядчик: {{firm.name}} ____________        Заказчик: {{client.name}} ____________
`;

const EN = `RENOVATION CONTRACT No. {{estimate.number}}

Date: {{today}}

{{firm.name}} (the "Contractor") and {{client.name}}, phone {{client.phone}} (the "Client"), agree as follows.

1. SCOPE
1.1. The Contractor carries out renovation works at "{{project.name}}", {{project.address}}, as set out in the approved estimate No. {{estimate.number}}.
1.2. Works run from {{project.start_date}} to {{project.end_date}}.

2. PRICE AND PAYMENT
2.1. Price of the works per the estimate: {{estimate.total}}.
2.2. Contract price including approved change orders: {{contract.total}}.
2.3. Additional works are carried out only once the Client has approved them.

3. STAGES
{{schedule}}

4. OTHER TERMS
4.1. The Client follows progress and approves changes in the Contractor's Telegram bot and app.

Contractor: {{firm.name}} ____________        Client: {{client.name}} ____________
`;

/** The built-in template in the organization's language. */
export const defaultContractTemplate = (locale: string | null | undefined): string => (locale === 'en' ? EN : RU);
