import type { ChangeLineInput, Contract, ContractLine } from '../providers/dataProvider';

/** What the manager has typed against one existing line: a new quantity or price, or its removal. */
export interface LineEdit {
  quantity: string;
  unit_price: string;
  removed: boolean;
}
/** A line the change order adds to a section (free text or picked from the catalogue). */
export interface AddedLine {
  key: number;
  section_id: number;
  catalogue_item_id: number | null;
  name: string;
  unit: string;
  quantity: string;
  unit_price: string;
}

export const lineKey = (line: Pick<ContractLine, 'estimate_line_id' | 'added_line_id'>) =>
  line.added_line_id ? `a${line.added_line_id}` : `e${line.estimate_line_id}`;

const same = (a: string, b: string) => a.trim().replace(',', '.') !== '' && Number(a.replace(',', '.')) === Number(b);

/**
 * The change order's lines as the API takes them, in the order the dialog shows them, each with
 * the key of the row it came from (so a field error `lines.N.quantity` lands on its row). Only
 * what differs from the contract is sent; the figures are computed by the server.
 */
export function changeLinesOf(contract: Contract, edits: Record<string, LineEdit>, added: AddedLine[]): Array<{ row: string; line: ChangeLineInput }> {
  const out: Array<{ row: string; line: ChangeLineInput }> = [];
  for (const section of contract.sections) {
    for (const line of section.lines) {
      const key = lineKey(line);
      const edit = edits[key];
      if (!edit) continue;
      const target = { estimate_line_id: line.estimate_line_id, added_line_id: line.added_line_id };
      if (edit.removed) out.push({ row: key, line: { action: 'remove', ...target } });
      else if (!same(edit.quantity, line.quantity) || !same(edit.unit_price, line.unit_price)) {
        out.push({
          row: key,
          line: {
            action: 'change',
            ...target,
            ...(same(edit.quantity, line.quantity) ? {} : { quantity: edit.quantity }),
            ...(same(edit.unit_price, line.unit_price) ? {} : { unit_price: edit.unit_price }),
          },
        });
      }
    }
    for (const line of added.filter((a) => a.section_id === section.id)) {
      out.push({
        row: `n${line.key}`,
        line: {
          action: 'add',
          section_id: line.section_id,
          catalogue_item_id: line.catalogue_item_id,
          name: line.name,
          unit: line.unit,
          quantity: line.quantity,
          unit_price: line.unit_price,
        },
      });
    }
  }
  return out;
}

/** Field errors of the API (`lines.3.quantity`) keyed by the dialog's rows (`e12.quantity`). */
export function errorsByRow(rows: string[], errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => {
      const match = /^lines\.(\d+)(?:\.(\w+))?$/.exec(field);
      const row = match ? rows[Number(match[1])] : undefined;
      return [row ? `${row}.${match![2] ?? '_'}` : field, message];
    }),
  );
}
