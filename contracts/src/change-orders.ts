import type { ChangeLineAction, ChangeRequestDecision, ChangeRequestStatus, QuantitySource } from './enums.js';
import type { Moment } from './wire.js';

/** The estimate's totals before, after and the difference a change order makes (exact decimal strings). */
interface EstimateTotalsFigures {
  subtotal: string;
  markup_amount: string;
  discount_amount: string;
  vat_amount: string;
  total: string;
}

/** A change order's figures, stored with it and shown by the back office and the Mini App. */
export interface ChangeOrderFigures {
  currency: string;
  vat_included: boolean;
  before: EstimateTotalsFigures;
  after: EstimateTotalsFigures;
  delta: EstimateTotalsFigures;
  /** What each stage's planned budget moves by on approval (stage id or null → amount). */
  stages: Array<{ stage_id: number | null; section_id: number; section_name: string; delta: string }>;
}

/** One line of a change order as a client reads it: what is added, removed or changed, old → new. */
export interface ChangeLineView {
  action: ChangeLineAction;
  section_name: string;
  name: string;
  unit: string;
  old_quantity: string | null;
  new_quantity: string | null;
  old_unit_price: string | null;
  new_unit_price: string | null;
  old_total: string | null;
  new_total: string | null;
  delta: string;
}

/** One line of a change order as core computes it against the contract. */
export interface ChangeOrderLine extends ChangeLineView {
  estimate_line_id: number | null;
  added_line_id: number | null;
  section_id: number;
  stage_id: number | null;
  catalogue_item_id: number | null;
  quantity_source: QuantitySource;
}

/** POST /api/change-requests/calculate: what a change order would do, nothing saved. */
export interface ChangeOrderPreview {
  amount: string;
  lines: ChangeOrderLine[];
  figures: ChangeOrderFigures;
}

interface LineTarget {
  estimate_line_id?: number | null;
  added_line_id?: number | null;
}
/** A line of a change order as the back office sends it. */
export type ChangeLineInput =
  | {
      action: 'add';
      section_id: number;
      catalogue_item_id?: number | null;
      name: string;
      unit?: string;
      quantity?: string;
      quantity_source?: QuantitySource;
      unit_price: string;
    }
  | ({ action: 'change'; quantity?: string; unit_price?: string } & LineTarget)
  | ({ action: 'remove' } & LineTarget);

/** A line of the contract as it stands (approved estimate + applied change orders). */
export interface ContractLineView {
  estimate_line_id: number | null;
  added_line_id: number | null;
  catalogue_item_id: number | null;
  name: string;
  unit: string;
  quantity: string;
  quantity_source: QuantitySource;
  unit_price: string;
  total: string;
}

/** GET /api/projects/:id/contract. */
export interface ContractView {
  project_id: number;
  estimate_id: number;
  currency: string;
  total: string;
  sections: Array<{ id: number; name: string; stage_id: number | null; subtotal: string; total: string; lines: ContractLineView[] }>;
}

/** A change request of a client's project as the Mini App lists it (GET /api/miniapp/projects/:id/change-requests). */
export interface ClientChangeRequest<Time extends Moment = string> {
  id: number;
  title: string;
  description: string;
  amount: string;
  status: ChangeRequestStatus;
  created_at: Time;
  decided_at: Time | null;
  decided_by: number | null;
  decided_by_name: string | null;
  /** A change order built from estimate lines: what is added, removed or changed, old → new. */
  lines: ChangeLineView[];
  figures: ChangeOrderFigures | null;
}

/** The answer to a decision (Mini App, bot or back office): the decided request and the project's new contract total. */
export interface DecidedChangeRequest<Time extends Moment = string> {
  id: number;
  org_id: number;
  project_id: number;
  title: string;
  description: string;
  amount: string;
  status: ChangeRequestDecision;
  decided_by: number;
  decided_at: Time;
  project_name: string;
  /** The project's contract budget after the decision. */
  budget_total: string;
}

/** A stored line of a change order: the computed line with the columns of its row (`section_id` is null for an older line). */
interface ChangeRequestLineRecord<Time extends Moment = string> extends Omit<ChangeOrderLine, 'section_id'> {
  id: number;
  org_id: number;
  change_request_id: number;
  position: number;
  section_id: number | null;
  created_at: Time;
  updated_at: Time;
}

/**
 * GET/POST/PUT/DELETE /api/change-requests: a change request with the columns of its row and, for a
 * change order against the approved estimate, its stored lines (empty otherwise).
 */
export interface ChangeRequestRecord<Time extends Moment = string> {
  id: number;
  org_id: number;
  project_id: number;
  title: string;
  description: string;
  amount: string;
  status: ChangeRequestStatus;
  created_by: number | null;
  decided_by: number | null;
  decided_at: Time | null;
  sent_at: Time | null;
  estimate_id: number | null;
  figures: ChangeOrderFigures | null;
  applied_at: Time | null;
  created_at: Time;
  updated_at: Time;
  lines: ChangeRequestLineRecord<Time>[];
}
