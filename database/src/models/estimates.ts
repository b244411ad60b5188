import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { common, stamps } from './columns.js';

import { ESTIMATE_STATUSES, type EstimateApprovalChannel, type EstimateOpening, type EstimateStatus, type QuantitySource } from '@crm/contracts';

export { ESTIMATE_APPROVAL_CHANNELS } from '@crm/contracts';
export type { EstimateStatus, EstimateApprovalChannel, EstimateOpening } from '@crm/contracts';

export class Estimate extends Model<InferAttributes<Estimate>, InferCreationAttributes<Estimate>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare lead_id: CreationOptional<number | null>;
  declare project_id: CreationOptional<number | null>;
  declare version: CreationOptional<number>;
  declare title: CreationOptional<string>;
  declare status: CreationOptional<EstimateStatus>;
  declare currency: string;
  declare markup_type: CreationOptional<'percent' | 'amount'>;
  declare markup_value: CreationOptional<string>;
  declare discount_type: CreationOptional<'percent' | 'amount'>;
  declare discount_value: CreationOptional<string>;
  declare vat_rate: CreationOptional<string | null>;
  declare vat_included: CreationOptional<boolean>;
  declare valid_until: CreationOptional<string | null>;
  declare notes: CreationOptional<string>;
  declare subtotal: CreationOptional<string>;
  declare markup_amount: CreationOptional<string>;
  declare discount_amount: CreationOptional<string>;
  declare vat_amount: CreationOptional<string>;
  declare total: CreationOptional<string>;
  declare pdf_key: CreationOptional<string | null>;
  declare created_by: CreationOptional<number | null>;
  declare sent_at: CreationOptional<Date | null>;
  declare approved_at: CreationOptional<Date | null>;
  declare approved_by: CreationOptional<number | null>;
  declare approved_by_telegram_id: CreationOptional<number | null>;
  declare approved_via: CreationOptional<EstimateApprovalChannel | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export class EstimateSection extends Model<InferAttributes<EstimateSection>, InferCreationAttributes<EstimateSection>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare estimate_id: number;
  declare position: CreationOptional<number>;
  declare name: string;
  declare length: CreationOptional<string | null>;
  declare width: CreationOptional<string | null>;
  declare height: CreationOptional<string | null>;
  declare openings: CreationOptional<EstimateOpening[]>;
  declare floor_area: CreationOptional<string | null>;
  declare wall_area: CreationOptional<string | null>;
  declare perimeter: CreationOptional<string | null>;
  declare subtotal: CreationOptional<string>;
  declare total: CreationOptional<string>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export class EstimateLine extends Model<InferAttributes<EstimateLine>, InferCreationAttributes<EstimateLine>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare estimate_id: number;
  declare section_id: number;
  declare position: CreationOptional<number>;
  declare catalogue_item_id: CreationOptional<number | null>;
  declare name: string;
  declare unit: CreationOptional<string>;
  declare quantity: CreationOptional<string>;
  declare quantity_source: CreationOptional<QuantitySource>;
  declare unit_price: CreationOptional<string>;
  declare total: CreationOptional<string>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

const numeric = (precision: number, scale: number, defaultValue?: string) => ({
  type: DataTypes.DECIMAL(precision, scale),
  allowNull: defaultValue === undefined,
  ...(defaultValue === undefined ? {} : { defaultValue }),
});
const adjustmentType = () => ({ type: DataTypes.TEXT, allowNull: false, defaultValue: 'percent' });

export function initEstimateModels(sequelize: Sequelize): void {
  Estimate.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      org_id: { type: DataTypes.INTEGER, allowNull: false },
      lead_id: { type: DataTypes.INTEGER },
      project_id: { type: DataTypes.INTEGER },
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      title: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      status: { type: DataTypes.ENUM(...ESTIMATE_STATUSES), allowNull: false, defaultValue: 'draft' },
      currency: { type: DataTypes.STRING(3), allowNull: false },
      markup_type: adjustmentType(),
      markup_value: numeric(14, 2, '0'),
      discount_type: adjustmentType(),
      discount_value: numeric(14, 2, '0'),
      vat_rate: numeric(5, 2),
      vat_included: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      valid_until: { type: DataTypes.DATEONLY },
      notes: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      subtotal: numeric(14, 2, '0'),
      markup_amount: numeric(14, 2, '0'),
      discount_amount: numeric(14, 2, '0'),
      vat_amount: numeric(14, 2, '0'),
      total: numeric(14, 2, '0'),
      pdf_key: { type: DataTypes.TEXT },
      created_by: { type: DataTypes.INTEGER },
      sent_at: { type: DataTypes.DATE },
      approved_at: { type: DataTypes.DATE },
      approved_by: { type: DataTypes.INTEGER },
      approved_by_telegram_id: { type: DataTypes.BIGINT },
      approved_via: { type: DataTypes.TEXT },
      ...stamps(),
    },
    { sequelize, tableName: 'estimates', ...common },
  );

  EstimateSection.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      org_id: { type: DataTypes.INTEGER, allowNull: false },
      estimate_id: { type: DataTypes.INTEGER, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      name: { type: DataTypes.TEXT, allowNull: false },
      length: numeric(6, 2),
      width: numeric(6, 2),
      height: numeric(6, 2),
      openings: { type: DataTypes.JSONB, allowNull: false, defaultValue: [] },
      floor_area: numeric(12, 2),
      wall_area: numeric(12, 2),
      perimeter: numeric(12, 2),
      subtotal: numeric(14, 2, '0'),
      total: numeric(14, 2, '0'),
      ...stamps(),
    },
    { sequelize, tableName: 'estimate_sections', ...common },
  );

  EstimateLine.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      org_id: { type: DataTypes.INTEGER, allowNull: false },
      estimate_id: { type: DataTypes.INTEGER, allowNull: false },
      section_id: { type: DataTypes.INTEGER, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      catalogue_item_id: { type: DataTypes.INTEGER },
      name: { type: DataTypes.TEXT, allowNull: false },
      unit: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      quantity: numeric(12, 3, '0'),
      quantity_source: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'manual' },
      unit_price: numeric(14, 2, '0'),
      total: numeric(14, 2, '0'),
      ...stamps(),
    },
    { sequelize, tableName: 'estimate_lines', ...common },
  );

  Estimate.hasMany(EstimateSection, { foreignKey: 'estimate_id', as: 'sections' });
  EstimateSection.hasMany(EstimateLine, { foreignKey: 'section_id', as: 'lines' });
}
