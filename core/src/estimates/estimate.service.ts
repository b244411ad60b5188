import type * as Wire from '@crm/contracts';
import { Estimate, EstimateLine, EstimateSection, Lead, Organization, Project, readAll, User, type Sequelize, type SqlTransaction } from '@crm/database';
import { DomainError, invalid, notFound } from '../errors.js';
import { formatDecimal, toDecimal } from '../money/decimal.js';
import { computeEstimate, MEASURE_SCALE, type EstimateInput, type EstimateLineInput, type EstimateSectionInput, type QuantitySource } from './arithmetic.js';
import type { EstimateContent, EstimateCreate } from './schema.js';
import { assertOwnCatalogueItems } from '../catalogue/catalogue.service.js';
import { byPosition } from '../columns.js';

const SETTINGS = ['title', 'markup_type', 'markup_value', 'discount_type', 'discount_value', 'vat_rate', 'vat_included', 'valid_until', 'notes'] as const;

/** Versions of one estimate share its lead (or, without a lead, its project). */
const chainOf = (estimate: Pick<Estimate, 'org_id' | 'lead_id' | 'project_id'>) =>
  estimate.lead_id ? { org_id: estimate.org_id, lead_id: estimate.lead_id } : { org_id: estimate.org_id, project_id: estimate.project_id };

/** Serializes version numbering, sending and approval of an organization's estimates. */
export async function lockEstimateChains(sequelize: Sequelize, orgId: number, transaction: SqlTransaction) {
  await sequelize.query('SELECT pg_advisory_xact_lock(7242, :orgId)', { replacements: { orgId }, transaction });
}

async function nextVersion(chain: ReturnType<typeof chainOf>, transaction: SqlTransaction): Promise<number> {
  const max = await Estimate.max<number, Estimate>('version', { where: chain as never, transaction });
  return (max ?? 0) + 1;
}

type Identified = { id?: number; lines?: Array<{ id?: number; catalogue_item_id?: number | null }> };

/** A stored section of an estimate with its lines in order, as the arithmetic reads them, with the rows' ids. */
export interface StoredSection extends EstimateSectionInput {
  id: number;
  lines: Array<EstimateLineInput & { id: number; catalogue_item_id: number | null; quantity_source: QuantitySource }>;
}

/** The stored sections and lines of an estimate, in order. */
export async function storedSections(estimateId: number, transaction?: SqlTransaction): Promise<StoredSection[]> {
  // One after another: inside a transaction the queries share one connection.
  const sections = await EstimateSection.findAll({ where: { estimate_id: estimateId }, order: byPosition(), transaction });
  const lines = await EstimateLine.findAll({ where: { estimate_id: estimateId }, order: byPosition(), transaction });
  return sections.map((s) => ({
    id: s.id,
    name: s.name,
    length: s.length,
    width: s.width,
    height: s.height,
    openings: s.openings,
    lines: lines
      .filter((l) => l.section_id === s.id)
      .map((l) => ({
        id: l.id,
        catalogue_item_id: l.catalogue_item_id,
        name: l.name,
        unit: l.unit,
        quantity: l.quantity,
        quantity_source: l.quantity_source,
        unit_price: l.unit_price,
      })),
  }));
}

type SectionContent = NonNullable<EstimateContent['sections']>[number];

type EstimateSettings = Partial<Pick<Estimate, (typeof SETTINGS)[number] | 'currency'>>;

/** The arithmetic's settings of an estimate: currency, markup, discount and VAT (defaults filled in). */
export function estimateSettingsOf(settings: EstimateSettings): Omit<EstimateInput, 'sections'> {
  return {
    currency: settings.currency ?? 'RUB',
    markup_type: settings.markup_type ?? 'percent',
    markup_value: settings.markup_value ?? '0',
    discount_type: settings.discount_type ?? 'percent',
    discount_value: settings.discount_value ?? '0',
    vat_rate: settings.vat_rate ?? null,
    vat_included: settings.vat_included ?? false,
  };
}

/** The arithmetic's input from an estimate's settings and sections (defaults filled in). */
function estimateInputOf(settings: EstimateSettings, sections: Array<SectionContent | EstimateSectionInput>): EstimateInput {
  return {
    ...estimateSettingsOf(settings),
    sections: sections.map((s) => ({
      name: s.name,
      length: s.length ?? null,
      width: s.width ?? null,
      height: s.height ?? null,
      openings: s.openings ?? [],
      lines: (s.lines ?? []).map((l) => ({ ...l, unit: l.unit ?? '', quantity: l.quantity ?? '0', quantity_source: l.quantity_source ?? 'manual' })),
    })),
  };
}

/**
 * Computes the figures and writes the sections and lines as given, in the caller's transaction:
 * rows sent back with their ids are updated in place, new ones created, missing ones deleted.
 */
async function writeContent(estimate: Estimate, input: EstimateInput, given: Identified[], transaction: SqlTransaction) {
  const totals = computeEstimate(input);
  await assertOwnCatalogueItems(
    estimate.org_id,
    given.flatMap((section, i) =>
      (section.lines ?? []).flatMap((line, j) =>
        line.catalogue_item_id ? [{ id: line.catalogue_item_id, field: `sections.${i}.lines.${j}.catalogue_item_id` }] : [],
      ),
    ),
    transaction,
  );
  estimate.set({
    subtotal: totals.subtotal,
    markup_amount: totals.markup_amount,
    discount_amount: totals.discount_amount,
    vat_amount: totals.vat_amount,
    total: totals.total,
    pdf_key: null,
  });
  await estimate.save({ transaction });
  const base = { org_id: estimate.org_id, estimate_id: estimate.id };
  const [oldSections, oldLines] = await readAll(
    transaction,
    () => EstimateSection.findAll({ where: { estimate_id: estimate.id }, transaction }),
    () => EstimateLine.findAll({ where: { estimate_id: estimate.id }, transaction }),
  );
  const sectionsById = new Map(oldSections.map((row) => [row.id, row]));
  const linesById = new Map(oldLines.map((row) => [row.id, row]));
  const keptSections = new Set<number>();
  const keptLines = new Set<number>();
  for (const [i, section] of input.sections.entries()) {
    const figures = totals.sections[i]!;
    const values = {
      position: i,
      name: section.name,
      length: section.length ?? null,
      width: section.width ?? null,
      height: section.height ?? null,
      openings: (section.openings ?? []).map((o) => ({
        width: formatDecimal(toDecimal(o.width), MEASURE_SCALE),
        height: formatDecimal(toDecimal(o.height), MEASURE_SCALE),
      })),
      floor_area: figures.floor_area,
      wall_area: figures.wall_area,
      perimeter: figures.perimeter,
      subtotal: figures.subtotal,
      total: figures.total,
    };
    const existing = sectionsById.get(given[i]?.id ?? 0);
    const row = existing ? await existing.update(values, { transaction }) : await EstimateSection.create({ ...base, ...values }, { transaction });
    keptSections.add(row.id);
    for (const [j, line] of section.lines.entries()) {
      const sent = given[i]?.lines?.[j];
      const lineValues = {
        section_id: row.id,
        position: j,
        catalogue_item_id: sent?.catalogue_item_id ?? null,
        name: line.name,
        unit: line.unit,
        quantity: figures.lines[j]!.quantity,
        quantity_source: line.quantity_source ?? 'manual',
        unit_price: line.unit_price,
        total: figures.lines[j]!.total,
      };
      const existingLine = linesById.get(sent?.id ?? 0);
      const lineRow = existingLine
        ? await existingLine.update(lineValues, { transaction })
        : await EstimateLine.create({ ...base, ...lineValues }, { transaction });
      keptLines.add(lineRow.id);
    }
  }
  const goneLines = oldLines.filter((row) => !keptLines.has(row.id)).map((row) => row.id);
  if (goneLines.length) await EstimateLine.destroy({ where: { id: goneLines }, transaction });
  const goneSections = oldSections.filter((row) => !keptSections.has(row.id)).map((row) => row.id);
  if (goneSections.length) await EstimateSection.destroy({ where: { id: goneSections }, transaction });
}

/** A new draft for a lead or a project of the organization, numbered after the versions before it. */
export async function createEstimate(
  sequelize: Sequelize,
  orgId: number,
  userId: number | null,
  values: EstimateCreate,
  transaction: SqlTransaction,
): Promise<Estimate> {
  if (!values.lead_id && !values.project_id) throw invalid({ lead_id: 'is required: an estimate belongs to a lead or a project' }, 'Invalid estimate');
  const [lead, project, org] = await readAll(
    transaction,
    () => (values.lead_id ? Lead.findOne({ where: { id: values.lead_id, org_id: orgId }, transaction }) : null),
    () => (values.project_id ? Project.findOne({ where: { id: values.project_id, org_id: orgId }, transaction }) : null),
    () => Organization.findByPk(orgId, { transaction }),
  );
  if (values.lead_id && !lead) throw invalid({ lead_id: 'unknown lead' }, 'lead_id does not point to a lead of your organization');
  if (values.project_id && !project) throw invalid({ project_id: 'unknown project' }, 'project_id does not point to a project of your organization');
  await lockEstimateChains(sequelize, orgId, transaction);
  const { sections = [], lead_id, project_id, currency, ...settings } = values;
  const chain = chainOf({ org_id: orgId, lead_id: lead_id ?? null, project_id: project_id ?? project?.id ?? null });
  const estimate = await Estimate.create(
    {
      ...settings,
      org_id: orgId,
      lead_id: lead_id ?? project?.lead_id ?? null,
      project_id: project_id ?? null,
      currency: currency ?? org?.currency ?? 'RUB',
      version: await nextVersion(chain, transaction),
      created_by: userId,
      status: 'draft',
    } as never,
    { transaction },
  );
  await writeContent(estimate, estimateInputOf(estimate, sections), sections, transaction);
  return estimate;
}

const assertDraft = (estimate: Estimate, verb: string) => {
  if (estimate.status !== 'draft') {
    throw new DomainError('conflict', `This estimate is ${estimate.status} and cannot be ${verb}; duplicate it to make a new version`, {
      fields: { status: `is ${estimate.status}` },
    });
  }
};

/** Saves a draft as a whole: settings and, when given, every section and line; figures recomputed. */
export async function updateEstimate(estimate: Estimate, values: EstimateContent, transaction: SqlTransaction): Promise<void> {
  assertDraft(estimate, 'changed');
  const { sections, ...settings } = values;
  estimate.set(settings as never);
  const content = sections ?? (await storedSections(estimate.id, transaction));
  await writeContent(estimate, estimateInputOf(estimate, content), content, transaction);
}

/** Only a draft can be deleted: what a client has seen stays on record. */
export async function removeEstimate(estimate: Estimate, transaction: SqlTransaction): Promise<void> {
  assertDraft(estimate, 'deleted');
  await estimate.destroy({ transaction });
}

/** Copies an estimate into a new draft version of the same lead or project. */
export async function duplicateEstimate(sequelize: Sequelize, orgId: number, estimateId: number, userId: number | null): Promise<Estimate> {
  return sequelize.transaction(async (transaction) => {
    const source = await Estimate.findOne({ where: { id: estimateId, org_id: orgId }, transaction });
    if (!source) throw notFound(`Estimate #${estimateId}`);
    await lockEstimateChains(sequelize, orgId, transaction);
    const settings = Object.fromEntries(SETTINGS.map((key) => [key, source[key]]));
    const copy = await Estimate.create(
      {
        ...settings,
        org_id: orgId,
        lead_id: source.lead_id,
        project_id: source.project_id,
        currency: source.currency,
        version: await nextVersion(chainOf(source), transaction),
        created_by: userId,
        status: 'draft',
      } as never,
      { transaction },
    );
    const sections = await storedSections(source.id, transaction);
    await writeContent(copy, estimateInputOf(copy, sections), sections, transaction);
    return copy;
  });
}

/** Estimates as the API answers them: the stored record with its sections and their lines, in order. */
export async function estimatesWithContent(estimates: Estimate[], transaction?: SqlTransaction): Promise<Wire.EstimateRecord<Date>[]> {
  if (!estimates.length) return [];
  const ids = estimates.map((e) => e.id);
  const approverIds = [...new Set(estimates.map((e) => e.approved_by).filter((id): id is number => !!id))];
  const [sections, lines, approvers] = await readAll(
    transaction,
    () => EstimateSection.findAll({ where: { estimate_id: ids }, order: byPosition(), transaction }),
    () => EstimateLine.findAll({ where: { estimate_id: ids }, order: byPosition(), transaction }),
    () => (approverIds.length ? User.findAll({ where: { id: approverIds }, attributes: ['id', 'name'], transaction }) : []),
  );
  return estimates.map((estimate) => ({
    ...estimate.get({ plain: true }),
    approved_by_name: approvers.find((u) => u.id === estimate.approved_by)?.name ?? null,
    sections: sections
      .filter((s) => s.estimate_id === estimate.id)
      .map((s) => ({
        ...s.get({ plain: true }),
        lines: lines.filter((l) => l.section_id === s.id).map((l) => l.get({ plain: true })),
      })),
  }));
}

/** Figures for an estimate being edited, before it is saved: the same arithmetic the save uses. */
export function previewEstimate(values: EstimateCreate, currency: string) {
  const sections = values.sections ?? [];
  return computeEstimate(estimateInputOf({ ...values, currency: values.currency ?? currency } as never, sections));
}
