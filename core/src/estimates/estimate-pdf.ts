import { Estimate, Lead, Organization, Project, User, type SqlTransaction } from '@crm/database';
import { organizationLogo } from '../organizations/logo.js';
import { documentHeader, itemsTable, paragraph, renderPdf, sectionHeading, totalsBlock, type Content, type TotalRow } from '../documents/pdf.js';
import { formatCalendarDate, formatDateIn, formatDocumentMoney, formatQuantity, type DocumentLocale } from '../documents/format.js';
import { pickLocale } from '../reminders/texts.js';
import { estimatesWithContent } from './estimate.service.js';

const TEXT = {
  ru: {
    estimate: 'Смета',
    version: 'версия',
    number: 'Номер',
    date: 'Дата',
    client: 'Клиент',
    address: 'Адрес',
    validUntil: 'Действительна до',
    name: 'Наименование',
    unit: 'Ед.',
    qty: 'Кол-во',
    price: 'Цена',
    total: 'Сумма',
    sectionTotal: (name: string) => `Итого по разделу «${name}»`,
    empty: 'Нет позиций',
    subtotal: 'Итого по работам',
    markup: 'Наценка',
    discount: 'Скидка',
    vatIncluded: 'в т. ч. НДС',
    vat: 'НДС',
    grand: 'Итого к оплате',
    notes: 'Примечания',
    status: 'Статус',
    draft: 'Черновик — не отправлена клиенту',
    floor: 'Пол',
    walls: 'Стены',
    m2: 'м²',
  },
  en: {
    estimate: 'Estimate',
    version: 'version',
    number: 'Number',
    date: 'Date',
    client: 'Client',
    address: 'Address',
    validUntil: 'Valid until',
    name: 'Item',
    unit: 'Unit',
    qty: 'Qty',
    price: 'Unit price',
    total: 'Total',
    sectionTotal: (name: string) => `Section total “${name}”`,
    empty: 'No items',
    subtotal: 'Subtotal',
    markup: 'Markup',
    discount: 'Discount',
    vatIncluded: 'incl. VAT',
    vat: 'VAT',
    grand: 'Total due',
    notes: 'Notes',
    status: 'Status',
    draft: 'Draft — not sent to the client',
    floor: 'Floor',
    walls: 'Walls',
    m2: 'm²',
  },
} as const;

interface SectionView {
  name: string;
  subtotal: string;
  floor_area: string | null;
  wall_area: string | null;
  lines: Array<{ name: string; unit: string; quantity: string; unit_price: string; total: string }>;
}

/** Who the estimate is for: the lead's (or the project client's) Telegram language decides, else the firm's. */
async function audience(estimate: Estimate, org: Organization, transaction?: SqlTransaction) {
  const lead = estimate.lead_id ? await Lead.findOne({ where: { id: estimate.lead_id, org_id: estimate.org_id }, transaction }) : null;
  const project = estimate.project_id ? await Project.findOne({ where: { id: estimate.project_id, org_id: estimate.org_id }, transaction }) : null;
  const clientId = project?.client_id ?? lead?.client_id ?? null;
  const client = clientId ? await User.findOne({ where: { id: clientId, org_id: estimate.org_id }, transaction }) : null;
  const locale = pickLocale(org.locale, client?.language_code ?? lead?.language_code);
  return { locale, name: client?.name || lead?.name || '', address: project?.address || lead?.address || '' };
}

/** The file name a client sees for the estimate's PDF. */
export const estimatePdfFileName = (estimate: Pick<Estimate, 'id' | 'version'>) => `estimate-${estimate.id}-v${estimate.version}.pdf`;

const percent = (value: string) => `${value.replace(/\.?0+$/, '')}%`;

/** The estimate as a PDF in the client's language: sections with lines and subtotals, then markup, discount, VAT and the total. */
export async function renderEstimatePdf(estimate: Estimate, transaction?: SqlTransaction): Promise<{ pdf: Buffer; locale: DocumentLocale }> {
  const org = (await Organization.findByPk(estimate.org_id, { transaction }))!;
  const who = await audience(estimate, org, transaction);
  const t = TEXT[who.locale];
  const money = (amount: string) => formatDocumentMoney(amount, estimate.currency, who.locale);
  const [full] = await estimatesWithContent([estimate], transaction);
  const sections = (full!.sections ?? []) as SectionView[];
  const title = `${estimate.title || t.estimate} — ${t.version} ${estimate.version}`;
  const details: Array<[string, string]> = [
    [t.number, `${estimate.id}-${estimate.version}`],
    [t.date, formatDateIn(estimate.sent_at ?? new Date(), org.timezone, who.locale)],
  ];
  if (who.name) details.push([t.client, who.name]);
  if (who.address) details.push([t.address, who.address]);
  if (estimate.valid_until) details.push([t.validUntil, formatCalendarDate(estimate.valid_until, who.locale)]);
  if (estimate.status === 'draft') details.push([t.status, t.draft]);

  const logo = await organizationLogo(Organization.sequelize!, org.id, transaction);
  const content: Content[] = documentHeader({ firm: org.name, logo: logo?.body, title, details });
  for (const section of sections) {
    const measures = [
      section.floor_area ? `${t.floor} ${formatQuantity(section.floor_area, who.locale)} ${t.m2}` : '',
      section.wall_area ? `${t.walls} ${formatQuantity(section.wall_area, who.locale)} ${t.m2}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    content.push(sectionHeading(measures ? `${section.name}  (${measures})` : section.name));
    content.push(
      itemsTable({
        columns: [
          { header: t.name, width: '*' },
          { header: t.unit, width: 34 },
          { header: t.qty, width: 48, align: 'right' },
          { header: t.price, width: 72, align: 'right' },
          { header: t.total, width: 80, align: 'right' },
        ],
        rows: section.lines.map((l) => [l.name, l.unit, formatQuantity(l.quantity, who.locale), money(l.unit_price), money(l.total)]),
        subtotal: { label: t.sectionTotal(section.name), value: money(section.subtotal) },
        empty: t.empty,
      }),
    );
  }
  const totals: TotalRow[] = [{ label: t.subtotal, value: money(estimate.subtotal) }];
  if (Number(estimate.markup_amount) !== 0) {
    totals.push({
      label: estimate.markup_type === 'percent' ? `${t.markup} ${percent(estimate.markup_value)}` : t.markup,
      value: money(estimate.markup_amount),
    });
  }
  if (Number(estimate.discount_amount) !== 0) {
    totals.push({
      label: estimate.discount_type === 'percent' ? `${t.discount} ${percent(estimate.discount_value)}` : t.discount,
      value: `−${money(estimate.discount_amount)}`,
    });
  }
  if (estimate.vat_rate !== null && estimate.vat_rate !== undefined) {
    totals.push({ label: `${estimate.vat_included ? t.vatIncluded : t.vat} ${percent(estimate.vat_rate)}`, value: money(estimate.vat_amount) });
  }
  totals.push({ label: t.grand, value: money(estimate.total), strong: true });
  content.push(totalsBlock(totals));
  if (estimate.notes) content.push(sectionHeading(t.notes), paragraph(estimate.notes));

  const pdf = await renderPdf(content, { title, author: org.name, footer: `${org.name} · ${title}`, locale: who.locale });
  return { pdf, locale: who.locale };
}
