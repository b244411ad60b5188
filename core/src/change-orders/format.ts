import type { ChangeOrderFigures, ChangeRequestLine } from '@crm/database';
import { formatMoney } from '../change-requests/format.js';
import { formatQuantity as formatDocumentQuantity } from '../documents/format.js';

type Locale = 'ru' | 'en';
type Line = Pick<
  ChangeRequestLine,
  'action' | 'name' | 'unit' | 'section_name' | 'old_quantity' | 'new_quantity' | 'old_unit_price' | 'new_unit_price' | 'old_total' | 'new_total' | 'delta'
>;

const TEXT = {
  en: {
    lines: 'What changes',
    markup: 'Markup',
    discount: 'Discount',
    vat: 'VAT',
    vatIncluded: 'incl. VAT',
    more: (n: number) => `… and ${n} more in the app`,
  },
  ru: {
    lines: 'Что меняется',
    markup: 'Наценка',
    discount: 'Скидка',
    vat: 'НДС',
    vatIncluded: 'в т. ч. НДС',
    more: (n: number) => `… и ещё ${n} в приложении`,
  },
} as const;

/** A quantity without trailing zeros in the locale's decimal mark; empty when there is none. */
const formatQuantity = (value: string | null, locale: Locale) => (value === null ? '' : formatDocumentQuantity(value, locale));

const same = (a: string | null, b: string | null) => a !== null && b !== null && Number(a) === Number(b);

/** One change-order line for a chat message: what is added, removed or changed, old → new, and its delta. */
function changeLineText(line: Line, currency: string, locale: Locale): string {
  const m = (v: string | null, sign = false) => formatMoney(v ?? '0', currency, locale, { sign });
  const unit = line.unit ? ` ${line.unit}` : '';
  const where = line.section_name ? ` (${line.section_name})` : '';
  if (line.action === 'add')
    return `➕ ${line.name}${where}: ${formatQuantity(line.new_quantity, locale)}${unit} × ${m(line.new_unit_price)} = ${m(line.delta, true)}`;
  if (line.action === 'remove')
    return `➖ ${line.name}${where}: ${formatQuantity(line.old_quantity, locale)}${unit} × ${m(line.old_unit_price)} = ${m(line.delta, true)}`;
  const parts = [
    same(line.old_quantity, line.new_quantity) ? null : `${formatQuantity(line.old_quantity, locale)} → ${formatQuantity(line.new_quantity, locale)}${unit}`,
    same(line.old_unit_price, line.new_unit_price) ? null : `${m(line.old_unit_price)} → ${m(line.new_unit_price)}`,
  ].filter(Boolean);
  return `✏️ ${line.name}${where}: ${parts.join(', ')}; ${m(line.old_total)} → ${m(line.new_total)} (${m(line.delta, true)})`;
}

/** The lines block of a change-order message, with the markup, discount and VAT deltas that bring them to the amount. */
export function changeOrderText(lines: Line[], figures: ChangeOrderFigures | null, currency: string, locale: Locale, maxLines = 25): string {
  const t = TEXT[locale];
  const shown = lines.slice(0, maxLines).map((line) => changeLineText(line, currency, locale));
  if (lines.length > maxLines) shown.push(t.more(lines.length - maxLines));
  const extra: string[] = [];
  if (figures) {
    const m = (v: string) => formatMoney(v, currency, locale, { sign: true });
    const { delta } = figures;
    if (Number(delta.markup_amount) !== 0) extra.push(`${t.markup}: ${m(delta.markup_amount)}`);
    if (Number(delta.discount_amount) !== 0)
      extra.push(`${t.discount}: ${m(delta.discount_amount.startsWith('-') ? delta.discount_amount.slice(1) : `-${delta.discount_amount}`)}`);
    if (Number(delta.vat_amount) !== 0) extra.push(`${figures.vat_included ? t.vatIncluded : t.vat}: ${m(delta.vat_amount)}`);
  }
  return [`${t.lines}:`, ...shown, ...extra].join('\n');
}
