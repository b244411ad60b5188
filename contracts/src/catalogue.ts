import type { CatalogueKind, CatalogueUnit } from './enums.js';
import type { Moment } from './wire.js';

/** GET /api/catalog-items: an item of the organization's price list, priced in the organization's currency. */
export interface CatalogueItemView<Time extends Moment = string> {
  id: number;
  org_id: number;
  kind: CatalogueKind;
  name: string;
  unit: CatalogueUnit;
  price: string;
  category: string;
  description: string;
  /** The material a unit of this work consumes, and how much of it. */
  material_id: number | null;
  material_qty: string | null;
  archived: boolean;
  currency: string;
  created_at: Time;
  updated_at: Time;
}
