import type { Estimate, EstimateLine, EstimateSection } from '../providers/dataProvider';

/** Editing helpers for an estimate held in the editor: pure, so each edit is one new object. */
export { QUANTITY_SOURCES } from '@crm/contracts';

const emptyLine = (): EstimateLine => ({ name: '', unit: '', quantity: '', quantity_source: 'manual', unit_price: '' });
export const emptySection = (name: string): EstimateSection => ({ name, length: null, width: null, height: null, openings: [], lines: [emptyLine()] });

export function updateSection(estimate: Estimate, index: number, change: Partial<EstimateSection>): Estimate {
  return { ...estimate, sections: estimate.sections.map((s, i) => (i === index ? { ...s, ...change } : s)) };
}

export function updateLine(estimate: Estimate, section: number, line: number, change: Partial<EstimateLine>): Estimate {
  const lines = estimate.sections[section]!.lines.map((l, i) => (i === line ? { ...l, ...change } : l));
  return updateSection(estimate, section, { lines });
}

export function addLine(estimate: Estimate, section: number): Estimate {
  return updateSection(estimate, section, { lines: [...estimate.sections[section]!.lines, emptyLine()] });
}

export function removeLine(estimate: Estimate, section: number, line: number): Estimate {
  return updateSection(estimate, section, { lines: estimate.sections[section]!.lines.filter((_, i) => i !== line) });
}

export const removeSection = (estimate: Estimate, index: number): Estimate => ({ ...estimate, sections: estimate.sections.filter((_, i) => i !== index) });

/**
 * What is sent to the server: blank lines (nothing typed yet) are left out, empty measures are null.
 * The server computes every figure from this.
 */
export function payloadOf(estimate: Estimate): Partial<Estimate> {
  const blank = (v: string | null | undefined) => (v === null || v === undefined || v.trim() === '' ? null : v);
  return {
    ...estimate,
    vat_rate: blank(estimate.vat_rate),
    valid_until: blank(estimate.valid_until),
    sections: estimate.sections.map((s) => ({
      ...s,
      length: blank(s.length),
      width: blank(s.width),
      height: blank(s.height),
      lines: s.lines
        .filter((l) => l.name.trim() || l.unit_price.trim() || l.quantity.trim())
        .map((l) => ({ ...l, quantity: l.quantity.trim() || '0', unit_price: l.unit_price.trim() || '0' })),
    })),
  };
}

/** Index of each line as sent (blank lines are skipped), so server field errors find their input. */
export function sentLineIndex(section: EstimateSection, line: number): number | null {
  const l = section.lines[line];
  if (!l || !(l.name.trim() || l.unit_price.trim() || l.quantity.trim())) return null;
  return section.lines.slice(0, line).filter((x) => x.name.trim() || x.unit_price.trim() || x.quantity.trim()).length;
}
