import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { common, stamps, refDef, tsDef, createdDef } from './columns.js';

/** A to-do on a lead or a project with a due time; its assignee is reminded once when it is due. */
export class Task extends Model<InferAttributes<Task>, InferCreationAttributes<Task>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare lead_id: CreationOptional<number | null>;
  declare project_id: CreationOptional<number | null>;
  declare title: string;
  declare due_at: Date;
  declare assignee_id: CreationOptional<number | null>;
  declare created_by: CreationOptional<number | null>;
  declare done_at: CreationOptional<Date | null>;
  declare done_by: CreationOptional<number | null>;
  /** When the due reminder was claimed for sending; cleared when the due time changes. */
  declare reminded_at: CreationOptional<Date | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

/** A staff member's note on a lead or a project; only its author edits it. */
export class Note extends Model<InferAttributes<Note>, InferCreationAttributes<Note>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare lead_id: CreationOptional<number | null>;
  declare project_id: CreationOptional<number | null>;
  declare author_id: CreationOptional<number | null>;
  declare body: string;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export type { LeadEventKind } from '@crm/contracts';
import type { LeadEventKind } from '@crm/contracts';

/** What happened to a lead that has no table of its own: a status move, a logged call, a merge. */
export class LeadEvent extends Model<InferAttributes<LeadEvent>, InferCreationAttributes<LeadEvent>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare lead_id: number;
  declare actor_id: CreationOptional<number | null>;
  declare kind: LeadEventKind;
  declare data: CreationOptional<Record<string, unknown>>;
  declare created_at: CreationOptional<Date>;
}

export function initCrmCardModels(sequelize: Sequelize): void {
  Task.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      org_id: { type: DataTypes.INTEGER, allowNull: false },
      lead_id: refDef(),
      project_id: refDef(),
      title: { type: DataTypes.TEXT, allowNull: false },
      due_at: { type: DataTypes.DATE, allowNull: false },
      assignee_id: refDef(),
      created_by: refDef(),
      done_at: tsDef(),
      done_by: refDef(),
      reminded_at: tsDef(),
      ...stamps(),
    },
    { sequelize, tableName: 'tasks', ...common },
  );
  Note.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      org_id: { type: DataTypes.INTEGER, allowNull: false },
      lead_id: refDef(),
      project_id: refDef(),
      author_id: refDef(),
      body: { type: DataTypes.TEXT, allowNull: false },
      ...stamps(),
    },
    { sequelize, tableName: 'notes', ...common },
  );
  LeadEvent.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      org_id: { type: DataTypes.INTEGER, allowNull: false },
      lead_id: { type: DataTypes.INTEGER, allowNull: false },
      actor_id: refDef(),
      kind: { type: DataTypes.TEXT, allowNull: false },
      data: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      created_at: createdDef(),
    },
    { sequelize, tableName: 'lead_events', ...common, updatedAt: false },
  );
}
