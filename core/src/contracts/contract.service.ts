import type { ContractTemplateView } from '@crm/contracts';
import { ContractTemplate, Document, Organization, Project, User } from '@crm/database';
import { organizationLogo } from '../organizations/logo.js';
import { approvedEstimateOf } from '../change-orders/contract-state.js';
import { formatCalendarDate, formatDateIn, formatDocumentMoney, type DocumentLocale } from '../documents/format.js';
import { documentHeader, paragraph, renderPdf } from '../documents/pdf.js';
import { DomainError, notFound } from '../errors.js';
import { storeGeneratedFile, type ChargedStorage, type FileWriter } from '../storage/generated-files.js';
import { CONTRACT_PLACEHOLDERS, defaultContractTemplate, renderContractTemplate, validateContractTemplate, type ContractValues } from './template.js';
import { projectStages } from '../projects/project-records.js';

/** Where the PDF goes: any media storage that can put (and remove) a file. */
export type BlobWriter = FileWriter;

/** The organization's contract template, or the built-in one in its language. */
export async function getContractTemplate(orgId: number): Promise<ContractTemplateView<Date>> {
  const [row, org] = [await ContractTemplate.findByPk(orgId), await Organization.findByPk(orgId, { attributes: ['locale'] })];
  return {
    body: row?.body ?? defaultContractTemplate(org?.locale),
    is_default: !row,
    placeholders: CONTRACT_PLACEHOLDERS,
    updated_at: row?.updated_at ?? null,
  };
}

/** Saves the template (unknown placeholders refused, naming them); `null` goes back to the built-in one. */
export async function saveContractTemplate(orgId: number, userId: number | null, body: string | null): Promise<ContractTemplateView<Date>> {
  if (body === null) await ContractTemplate.destroy({ where: { org_id: orgId } });
  else await ContractTemplate.upsert({ org_id: orgId, body: validateContractTemplate(body), updated_by: userId, updated_at: new Date() });
  return getContractTemplate(orgId);
}

const TEXT = {
  ru: { title: 'Договор', noStages: 'Этапы будут согласованы дополнительно.', notSet: 'по согласованию', project: 'Объект' },
  en: { title: 'Contract', noStages: 'Stages to be agreed.', notSet: 'to be agreed', project: 'Project' },
} as const;

/**
 * The values a project's contract is filled with: the client, the project, the approved estimate
 * (its number and total), the contract total with approved change orders, the stages with their
 * planned amounts, today's date in the organization's time zone.
 */
async function contractValues(
  orgId: number,
  projectId: number,
  now = new Date(),
): Promise<{ values: ContractValues; locale: DocumentLocale; org: Organization; project: Project }> {
  const project = await Project.findOne({ where: { id: projectId, org_id: orgId } });
  if (!project) throw notFound('Project');
  const org = (await Organization.findByPk(orgId))!;
  const locale: DocumentLocale = org.locale === 'en' ? 'en' : 'ru';
  const t = TEXT[locale];
  const client = project.client_id ? await User.findOne({ where: { id: project.client_id, org_id: orgId } }) : null;
  const estimate = await approvedEstimateOf(orgId, projectId);
  const stages = await projectStages(orgId, projectId);
  const money = (amount: string) => formatDocumentMoney(amount, estimate?.currency ?? org.currency ?? 'RUB', locale);
  const date = (value: string | null) => (value ? formatCalendarDate(value, locale) : t.notSet);
  const schedule = stages.length ? stages.map((s, i) => `${i + 1}. ${s.name} — ${money(s.budget_planned)}`).join('\n') : t.noStages;
  return {
    org,
    project,
    locale,
    values: {
      'firm.name': org.name,
      'client.name': client?.name ?? '',
      'client.phone': client?.phone ?? '',
      'project.name': project.name,
      'project.address': project.address,
      'project.start_date': date(project.start_date),
      'project.end_date': date(project.end_date),
      'estimate.number': estimate ? `${estimate.id}-${estimate.version}` : String(project.id),
      'estimate.total': estimate ? money(estimate.total) : money(project.budget_total),
      'contract.total': money(project.budget_total),
      schedule,
      today: formatDateIn(now, org.timezone, locale),
    },
  };
}

/**
 * Renders the project's contract from the organization's template into a PDF, stores it in media
 * storage (counted in the organization's quota) and lists it in the project's documents (kind
 * "contract"), where the back office and the client's Mini App find it beside the estimate.
 */
export async function generateContract(files: ChargedStorage<BlobWriter> | null, input: { org_id: number; project_id: number; now?: Date }): Promise<Document> {
  if (!files) throw new DomainError('unavailable', 'File storage is not configured on this server');
  const { values, locale, org, project } = await contractValues(input.org_id, input.project_id, input.now);
  if (!values['client.name']) {
    throw new DomainError('validation', 'The project has no client: add the client before making the contract', {
      fields: { client_id: 'is required for a contract' },
    });
  }
  const template = await getContractTemplate(input.org_id);
  // A template saved before a placeholder was retired still renders: unknown names print as nothing.
  const text = renderContractTemplate(template.body, values);
  const t = TEXT[locale];
  const [heading, ...rest] = text.split(/\n\s*\n/);
  const logo = await organizationLogo(Organization.sequelize!, org.id);
  const pdf = await renderPdf(
    [
      ...documentHeader({
        firm: org.name,
        logo: logo?.body,
        title: heading?.trim() || t.title,
        details: [[t.project, `${project.name}${project.address ? `, ${project.address}` : ''}`]],
      }),
      ...rest.map((block) => paragraph(block.trim())),
    ],
    { title: `${t.title} — ${project.name}`, author: org.name, locale, footer: org.name },
  );
  let key: string | null = null;
  return files.sequelize
    .transaction(async (transaction) => {
      key = await storeGeneratedFile(files, { org_id: input.org_id, body: pdf, contentType: 'application/pdf', ext: 'pdf' }, transaction);
      return Document.create(
        {
          org_id: input.org_id,
          project_id: project.id,
          kind: 'contract',
          title: `${t.title} ${values['estimate.number']} — ${values.today}`,
          url: key,
          mime_type: 'application/pdf',
          size: pdf.length,
        },
        { transaction },
      );
    })
    .catch(async (error: unknown) => {
      if (key) await files.storage.remove?.(key).catch(() => undefined);
      throw error;
    });
}
