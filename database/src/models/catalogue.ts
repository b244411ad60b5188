import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { common, stamps, tsDef } from './columns.js';
import type { MeasuredRoom } from '@crm/contracts';
import {
  APPOINTMENT_STATUSES,
  CATALOGUE_KINDS,
  CATALOGUE_UNITS,
  type AppointmentStatus,
  type CatalogueKind,
  type CatalogueUnit,
  type MediaItem,
} from './types.js';

/** A room read from an estimator's notes (the wire contract's shape, stored as JSONB). */
export type { MeasuredRoom };

/** One line of an organization's price list: a work or a material with its unit and price. */
export class CatalogueItem extends Model<InferAttributes<CatalogueItem>, InferCreationAttributes<CatalogueItem>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare kind: CreationOptional<CatalogueKind>;
  declare name: string;
  declare unit: CatalogueUnit;
  declare price: CreationOptional<string>;
  declare category: CreationOptional<string>;
  declare description: CreationOptional<string>;
  /** The material a unit of this work consumes, and how much of it. */
  declare material_id: CreationOptional<number | null>;
  declare material_qty: CreationOptional<string | null>;
  declare archived: CreationOptional<boolean>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

/** A measurement visit booked from a lead. */
export class Appointment extends Model<InferAttributes<Appointment>, InferCreationAttributes<Appointment>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare lead_id: number;
  declare estimator_id: CreationOptional<number | null>;
  declare created_by: CreationOptional<number | null>;
  declare starts_at: Date;
  declare ends_at: Date;
  declare address: CreationOptional<string>;
  declare notes: CreationOptional<string>;
  declare status: CreationOptional<AppointmentStatus>;
  declare answered_at: CreationOptional<Date | null>;
  declare reminded_day_before_at: CreationOptional<Date | null>;
  declare reminded_soon_at: CreationOptional<Date | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

/** What an estimator sent from a measurement visit: notes, photos and the rooms read from the notes. */
export class LeadMeasurement extends Model<InferAttributes<LeadMeasurement>, InferCreationAttributes<LeadMeasurement>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare lead_id: number;
  declare appointment_id: CreationOptional<number | null>;
  declare author_id: CreationOptional<number | null>;
  declare notes: CreationOptional<string>;
  declare rooms: CreationOptional<MeasuredRoom[]>;
  declare media: CreationOptional<MediaItem[]>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

const text = () => ({ type: DataTypes.TEXT, allowNull: false, defaultValue: '' });

export function initCatalogueModels(sequelize: Sequelize): void {
  CatalogueItem.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      org_id: { type: DataTypes.INTEGER, allowNull: false },
      kind: { type: DataTypes.ENUM(...CATALOGUE_KINDS), allowNull: false, defaultValue: 'work' },
      name: { type: DataTypes.TEXT, allowNull: false },
      unit: { type: DataTypes.ENUM(...CATALOGUE_UNITS), allowNull: false },
      price: { type: DataTypes.DECIMAL(14, 2), allowNull: false, defaultValue: '0' },
      category: text(),
      description: text(),
      material_id: { type: DataTypes.INTEGER, allowNull: true },
      material_qty: { type: DataTypes.DECIMAL(12, 4), allowNull: true },
      archived: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      ...stamps(),
    },
    { sequelize, tableName: 'catalogue_items', ...common },
  );

  Appointment.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      org_id: { type: DataTypes.INTEGER, allowNull: false },
      lead_id: { type: DataTypes.INTEGER, allowNull: false },
      estimator_id: { type: DataTypes.INTEGER, allowNull: true },
      created_by: { type: DataTypes.INTEGER, allowNull: true },
      starts_at: { type: DataTypes.DATE, allowNull: false },
      ends_at: { type: DataTypes.DATE, allowNull: false },
      address: text(),
      notes: text(),
      status: { type: DataTypes.ENUM(...APPOINTMENT_STATUSES), allowNull: false, defaultValue: 'scheduled' },
      answered_at: tsDef(),
      reminded_day_before_at: tsDef(),
      reminded_soon_at: tsDef(),
      ...stamps(),
    },
    { sequelize, tableName: 'appointments', ...common },
  );

  LeadMeasurement.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      org_id: { type: DataTypes.INTEGER, allowNull: false },
      lead_id: { type: DataTypes.INTEGER, allowNull: false },
      appointment_id: { type: DataTypes.INTEGER, allowNull: true },
      author_id: { type: DataTypes.INTEGER, allowNull: true },
      notes: text(),
      rooms: { type: DataTypes.JSONB, allowNull: false, defaultValue: [] },
      media: { type: DataTypes.JSONB, allowNull: false, defaultValue: [] },
      ...stamps(),
    },
    { sequelize, tableName: 'lead_measurements', ...common },
  );
}
