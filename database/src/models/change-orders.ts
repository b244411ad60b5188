import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { common, stamps, refDef } from './columns.js';

import type { ChangeLineAction, QuantitySource } from '@crm/contracts';

/** The figures of a line-based change order: the estimate arithmetic before, after, and the difference. */
export type { ChangeLineAction, ChangeOrderFigures } from '@crm/contracts';

/** One line of a change order against the project's approved estimate (see change-orders in core). */
export class ChangeRequestLine extends Model<InferAttributes<ChangeRequestLine>, InferCreationAttributes<ChangeRequestLine>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare change_request_id: number;
  declare position: CreationOptional<number>;
  declare action: ChangeLineAction;
  declare estimate_line_id: CreationOptional<number | null>;
  declare added_line_id: CreationOptional<number | null>;
  declare section_id: CreationOptional<number | null>;
  declare section_name: CreationOptional<string>;
  declare stage_id: CreationOptional<number | null>;
  declare catalogue_item_id: CreationOptional<number | null>;
  declare name: string;
  declare unit: CreationOptional<string>;
  declare quantity_source: CreationOptional<QuantitySource>;
  declare old_quantity: CreationOptional<string | null>;
  declare old_unit_price: CreationOptional<string | null>;
  declare old_total: CreationOptional<string | null>;
  declare new_quantity: CreationOptional<string | null>;
  declare new_unit_price: CreationOptional<string | null>;
  declare new_total: CreationOptional<string | null>;
  declare delta: CreationOptional<string>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

/** An organization's contract template; without a row the built-in one in its language is used. */
export class ContractTemplate extends Model<InferAttributes<ContractTemplate>, InferCreationAttributes<ContractTemplate>> {
  declare org_id: number;
  declare body: string;
  declare updated_by: CreationOptional<number | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

const numeric = (precision: number, scale: number) => ({ type: DataTypes.DECIMAL(precision, scale) });

export function initChangeOrderModels(sequelize: Sequelize): void {
  ChangeRequestLine.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      org_id: { type: DataTypes.INTEGER, allowNull: false },
      change_request_id: { type: DataTypes.INTEGER, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      action: { type: DataTypes.TEXT, allowNull: false },
      estimate_line_id: refDef(),
      added_line_id: refDef(),
      section_id: refDef(),
      section_name: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      stage_id: refDef(),
      catalogue_item_id: refDef(),
      name: { type: DataTypes.TEXT, allowNull: false },
      unit: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      quantity_source: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'manual' },
      old_quantity: numeric(12, 3),
      old_unit_price: numeric(14, 2),
      old_total: numeric(14, 2),
      new_quantity: numeric(12, 3),
      new_unit_price: numeric(14, 2),
      new_total: numeric(14, 2),
      delta: { type: DataTypes.DECIMAL(14, 2), allowNull: false, defaultValue: '0' },
      ...stamps(),
    },
    { sequelize, tableName: 'change_request_lines', ...common },
  );

  ContractTemplate.init(
    {
      org_id: { type: DataTypes.INTEGER, primaryKey: true },
      body: { type: DataTypes.TEXT, allowNull: false },
      updated_by: refDef(),
      ...stamps(),
    },
    { sequelize, tableName: 'contract_templates', ...common },
  );
}
