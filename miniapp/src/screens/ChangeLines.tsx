import type { ChangeLineView as ChangeLine, ChangeOrderFigures } from '@crm/contracts';
import { useLocale } from '../i18n.js';

const differs = (a: string | null, b: string | null) => a !== null && b !== null && Number(a) !== Number(b);

/**
 * What a change order adds, removes or changes, line by line (old → new and the line's delta), then
 * the markup, discount and VAT differences that bring the lines to the amount. Every figure comes
 * from the API; nothing is added up here.
 */
export function ChangeLines({ lines, figures }: { lines: ChangeLine[]; figures: ChangeOrderFigures | null | undefined }) {
  const { t, money, quantity: shown } = useLocale();
  const quantity = (value: string | null) => (value === null ? '' : shown(value));
  if (!lines.length) return null;
  const delta = figures?.delta;
  const adjustments: Array<[string, string]> = delta
    ? ([
        [t.markup, delta.markup_amount],
        [t.discount, delta.discount_amount.startsWith('-') ? delta.discount_amount.slice(1) : `-${delta.discount_amount}`],
        [figures.vat_included ? t.vatIncluded : t.vat, delta.vat_amount],
      ].filter(([, v]) => Number(v) !== 0) as Array<[string, string]>)
    : [];
  return (
    <div className="change-lines" data-testid="change-lines">
      <ul>
        {lines.map((line, i) => {
          const unit = line.unit ? ` ${line.unit}` : '';
          return (
            <li key={i} className={`line line-${line.action}`} data-testid="change-line">
              <div className="row">
                <span>
                  <span className="line-action">{t.lineAction[line.action]}</span> {line.name}
                </span>
                <span className="amount">{money(line.delta, true)}</span>
              </div>
              <div className="hint">
                {line.section_name && <span>{line.section_name} · </span>}
                {line.action === 'add' && (
                  <span>
                    {quantity(line.new_quantity)}
                    {unit} × {money(line.new_unit_price ?? '0')}
                  </span>
                )}
                {line.action === 'remove' && (
                  <span>
                    {quantity(line.old_quantity)}
                    {unit} × {money(line.old_unit_price ?? '0')}
                  </span>
                )}
                {line.action === 'change' && (
                  <span>
                    {differs(line.old_quantity, line.new_quantity) && (
                      <>
                        {quantity(line.old_quantity)} → {quantity(line.new_quantity)}
                        {unit}{' '}
                      </>
                    )}
                    {differs(line.old_unit_price, line.new_unit_price) && (
                      <>
                        {money(line.old_unit_price ?? '0')} → {money(line.new_unit_price ?? '0')}{' '}
                      </>
                    )}
                    ({money(line.old_total ?? '0')} → {money(line.new_total ?? '0')})
                  </span>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {delta && adjustments.length > 0 && (
        <div className="hint">
          <div className="row">
            <span>{t.linesTotal}</span>
            <span>{money(delta.subtotal, true)}</span>
          </div>
          {adjustments.map(([label, value]) => (
            <div key={label} className="row">
              <span>{label}</span>
              <span>{money(value, true)}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
