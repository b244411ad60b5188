import type { AdjustmentType, EstimateApprovalChannel, EstimateStatus, QuantitySource } from './enums.js';
import type { Moment } from './wire.js';

/** A window or door cut out of a room's walls (metres). */
export interface EstimateOpening {
  width: string;
  height: string;
}

/** An estimate line as GET /api/estimates/:id answers it (exact decimal strings); `id` and `total` are the server's. */
export interface EstimateLine {
  id?: number;
  catalogue_item_id?: number | null;
  name: string;
  unit: string;
  quantity: string;
  quantity_source: QuantitySource;
  unit_price: string;
  total?: string;
}

/** A room (section) of an estimate: its measures, lines and the figures the server computed. */
export interface EstimateSection {
  id?: number;
  name: string;
  length: string | null;
  width: string | null;
  height: string | null;
  openings: EstimateOpening[];
  lines: EstimateLine[];
  floor_area?: string | null;
  wall_area?: string | null;
  perimeter?: string | null;
  subtotal?: string;
  total?: string;
}

/** An estimate as the back office reads and writes it (GET/PUT /api/estimates/:id). */
export interface Estimate<Time extends Moment = string> {
  id: number;
  lead_id: number | null;
  project_id: number | null;
  version: number;
  title: string;
  status: EstimateStatus;
  currency: string;
  markup_type: AdjustmentType;
  markup_value: string;
  discount_type: AdjustmentType;
  discount_value: string;
  vat_rate: string | null;
  vat_included: boolean;
  valid_until: string | null;
  notes: string;
  subtotal: string;
  markup_amount: string;
  discount_amount: string;
  vat_amount: string;
  total: string;
  sections: EstimateSection[];
  sent_at: Time | null;
  approved_at: Time | null;
  approved_via: EstimateApprovalChannel | null;
  approved_by_name?: string | null;
  pdf_key: string | null;
  created_at: Time;
}

/** The columns a stored section or line carries besides what the editor sends. */
interface StoredPart<Time extends Moment> {
  id: number;
  org_id: number;
  estimate_id: number;
  position: number;
  created_at: Time;
  updated_at: Time;
}

/**
 * GET/POST/PUT/DELETE /api/estimates: an estimate with every column of its row, the approver's name,
 * and its sections and lines as stored (each with its figures).
 */
export interface EstimateRecord<Time extends Moment = string> extends Estimate<Time> {
  org_id: number;
  created_by: number | null;
  approved_by: number | null;
  approved_by_telegram_id: number | null;
  approved_by_name: string | null;
  updated_at: Time;
  sections: Array<
    EstimateSection &
      StoredPart<Time> & {
        floor_area: string | null;
        wall_area: string | null;
        perimeter: string | null;
        subtotal: string;
        total: string;
        lines: Array<EstimateLine & StoredPart<Time> & { section_id: number; catalogue_item_id: number | null; total: string }>;
      }
  >;
}

/** POST /api/estimates/calculate: the figures of an estimate being edited (the server's one arithmetic). */
export interface EstimateFigures {
  currency: string;
  subtotal: string;
  markup_amount: string;
  discount_amount: string;
  net: string;
  vat_amount: string;
  total: string;
  sections: {
    floor_area: string | null;
    wall_area: string | null;
    perimeter: string | null;
    subtotal: string;
    total: string;
    lines: { quantity: string; total: string }[];
  }[];
}

/**
 * An estimate a client may see in the Mini App: every version sent to them, never a draft.
 * `latest` marks the version that can still be approved.
 */
export interface ClientEstimateSummary<Time extends Moment = string> {
  id: number;
  title: string;
  version: number;
  status: Exclude<EstimateStatus, 'draft'>;
  currency: string;
  total: string;
  valid_until: string | null;
  sent_at: Time | null;
  approved_at: Time | null;
  approved_via: string | null;
  approved_by_name: string | null;
  project_id: number | null;
  latest: boolean;
}

/** A line and a room of an estimate as the Mini App reads them. */
interface ClientEstimateLine {
  id: number;
  name: string;
  unit: string;
  quantity: string;
  unit_price: string;
  total: string;
}
export interface ClientEstimateSection {
  id: number;
  name: string;
  subtotal: string;
  total: string;
  floor_area: string | null;
  lines: ClientEstimateLine[];
}

/** GET /api/miniapp/estimates/:id: sections with lines, totals, status and a short-lived link to its PDF. */
export interface ClientEstimateView<Time extends Moment = string> extends ClientEstimateSummary<Time> {
  subtotal: string;
  markup_amount: string;
  discount_amount: string;
  vat_amount: string;
  vat_rate: string | null;
  vat_included: boolean;
  notes: string;
  sections: ClientEstimateSection[];
  can_approve: boolean;
  pdf_url: string | null;
}
