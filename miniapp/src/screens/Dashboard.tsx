import type { ClientProjectDashboard as DashboardData } from '@crm/contracts';
import { useLocale } from '../i18n.js';
import { ProgressBar } from '../ui/States.js';

export function Dashboard({ project, onShowChanges }: { project: DashboardData; onShowChanges: () => void }) {
  const { t, money } = useLocale();
  const m = project.money;
  const rows: [string, string, string][] = [
    ['contract_base', t.contractBase, money(m.contract_base)],
    ['change_orders_approved', t.changeOrders, money(m.change_orders_approved, true)],
    ['budget_total', t.budgetTotal, money(m.contract_total)],
    ['paid', t.paid, money(m.paid)],
    ['to_pay', t.toPay, money(m.to_pay)],
    ['spent', t.spent, money(m.spent)],
    ['remaining', t.remaining, money(m.left)],
  ];
  return (
    <>
      {project.pending_change_requests > 0 && (
        <button className="banner" onClick={onShowChanges}>
          🔔 {t.pendingChanges(project.pending_change_requests)} ›
        </button>
      )}
      <section className="section" aria-labelledby="progress-title">
        <div className="row">
          <h2 id="progress-title">{t.progress}</h2>
          <span className="big" data-testid="overall-progress">
            {project.progress_pct}%
          </span>
        </div>
        <ProgressBar value={project.progress_pct} label={t.progress} />
      </section>
      <section className="section">
        <h2>{t.stages}</h2>
        {project.stages.length === 0 && <p className="hint">{t.noStages}</p>}
        <ul className="stages">
          {project.stages.map((s) => (
            <li key={s.id} className={`stage stage-${s.status}`} data-testid="stage">
              <div className="row">
                <span>
                  {s.status === 'done' ? '✓ ' : ''}
                  {s.name}
                </span>
                <span className="hint">
                  {t.stage[s.status]} · {s.progress_pct}%
                </span>
              </div>
              <ProgressBar value={s.progress_pct} label={s.name} />
            </li>
          ))}
        </ul>
      </section>
      {project.plan_fact && project.plan_fact.stages.length > 0 && (
        <section className="section plan-fact" data-testid="plan-fact">
          <h2>{t.planFact}</h2>
          <table className="pf-table">
            <thead>
              <tr>
                <th />
                <th>{t.plan}</th>
                <th>{t.fact}</th>
                <th>{t.variance}</th>
              </tr>
            </thead>
            <tbody>
              {project.plan_fact.stages.map((s) => (
                <tr key={s.id} data-testid="plan-fact-row">
                  <th scope="row">{s.name}</th>
                  <td>{money(s.planned)}</td>
                  <td>{money(s.fact)}</td>
                  <td className={s.variance.startsWith('-') ? 'error' : ''}>{money(s.variance)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="plan-fact-total">
                <th scope="row">{t.estimateTotal}</th>
                <td>{money(project.plan_fact.totals.planned)}</td>
                <td>{money(project.plan_fact.totals.fact)}</td>
                <td className={project.plan_fact.totals.variance.startsWith('-') ? 'error' : ''}>{money(project.plan_fact.totals.variance)}</td>
              </tr>
            </tfoot>
          </table>
          {Number(project.plan_fact.totals.unassigned) > 0 && <p className="hint">{t.unassigned(money(project.plan_fact.totals.unassigned))}</p>}
        </section>
      )}
      <section className="section">
        <h2>{t.money}</h2>
        <dl className="money">
          {rows.map(([key, label, value]) => (
            <div key={key} className={key === 'budget_total' ? 'money-row total' : 'money-row'} data-testid={`money-${key}`}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
