import { Estimate, EstimateSection, Op, Project, QueryTypes, Stage, type Lead, type Sequelize, type SqlTransaction, type User } from '@crm/database';
import { addDecimals, formatDecimal, toDecimal } from '../money/decimal.js';
import { byPosition } from '../columns.js';
import { projectStages } from '../projects/project-records.js';

/**
 * The project an approved estimate becomes — the one rule, here only:
 * - the estimate's project, else the lead's latest project that is not cancelled, else a new one
 *   (status "planning", the lead's client, manager and address);
 * - the contract base is the estimate's total: `budget_total` = estimate total + change orders
 *   already approved on the project (projects/summary.ts reads the base back as total − approved);
 * - one stage per section, in order, with `budget_planned` = the section's share of the grand total
 *   (after markup, discount and VAT), as arithmetic.ts allocates it: in proportion to the section
 *   subtotals, in minor units, largest remainder first — so the stage plans add up exactly to the
 *   estimate total. A stage of the same name (case-insensitive) is reused and re-planned; stages that
 *   match no section keep their plan. Each stage remembers its section, where change orders find it.
 */
/** A stage and a section are the same when their names are, ignoring case and surrounding spaces. */
export const stageNameKey = (name: string) => name.trim().toLowerCase();

export async function fillProjectFromEstimate(
  sequelize: Sequelize,
  estimate: Estimate,
  people: { lead: Lead | null; client: User | null },
  transaction: SqlTransaction,
): Promise<{ project: Project; created: boolean }> {
  const { lead, client } = people;
  let project = estimate.project_id
    ? await Project.findOne({ where: { id: estimate.project_id, org_id: estimate.org_id }, transaction, lock: transaction.LOCK.UPDATE })
    : null;
  if (!project && lead) {
    project = await Project.findOne({
      where: { org_id: estimate.org_id, lead_id: lead.id, status: { [Op.ne]: 'cancelled' } },
      order: [
        ['created_at', 'DESC'],
        ['id', 'DESC'],
      ],
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
  }
  let created = false;
  if (!project) {
    project = await Project.create(
      {
        org_id: estimate.org_id,
        lead_id: lead?.id ?? null,
        client_id: client?.id ?? lead?.client_id ?? null,
        manager_id: lead?.manager_id ?? null,
        name: estimate.title || lead?.name || `#${estimate.id}`,
        address: lead?.address ?? '',
        status: 'planning',
        budget_total: '0',
      },
      { transaction },
    );
    created = true;
  } else if (!project.client_id && (client?.id ?? lead?.client_id)) {
    project.client_id = client?.id ?? lead!.client_id!;
  }
  const [approved] = await sequelize.query<{ sum: string }>(
    `SELECT COALESCE(SUM(amount), 0)::numeric(14,2)::text AS sum FROM change_requests WHERE org_id = :org AND project_id = :project AND status = 'approved'`,
    { replacements: { org: estimate.org_id, project: project.id }, type: QueryTypes.SELECT, transaction },
  );
  project.budget_total = formatDecimal(addDecimals(toDecimal(estimate.total), toDecimal(approved!.sum)), 2);
  await project.save({ transaction });

  const sections = await EstimateSection.findAll({ where: { estimate_id: estimate.id }, order: byPosition(), transaction });
  const stages = await projectStages(estimate.org_id, project.id, transaction);
  const free = new Map<string, Stage[]>();
  for (const stage of stages) free.set(stageNameKey(stage.name), [...(free.get(stageNameKey(stage.name)) ?? []), stage]);
  let position = stages.reduce((max, s) => Math.max(max, s.position + 1), 0);
  for (const section of sections) {
    const same = free.get(stageNameKey(section.name))?.shift();
    if (same) await same.update({ budget_planned: section.total, estimate_section_id: section.id }, { transaction });
    else
      await Stage.create(
        {
          org_id: estimate.org_id,
          project_id: project.id,
          name: section.name,
          budget_planned: section.total,
          position: position++,
          estimate_section_id: section.id,
        },
        { transaction },
      );
  }
  if (estimate.project_id !== project.id) await estimate.update({ project_id: project.id }, { transaction });
  return { project, created };
}
