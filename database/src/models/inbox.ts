import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { common, stamps } from './columns.js';

/** A canned answer of the organization; `{{name}}`, `{{manager}}` and `{{firm}}` are filled when it is inserted. */
export class QuickReply extends Model<InferAttributes<QuickReply>, InferCreationAttributes<QuickReply>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare title: string;
  declare content: string;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

/** A colored label the organization puts on conversations. */
export class ChatLabel extends Model<InferAttributes<ChatLabel>, InferCreationAttributes<ChatLabel>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare name: string;
  declare color: CreationOptional<string>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export function initInboxModels(sequelize: Sequelize): void {
  QuickReply.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      org_id: { type: DataTypes.INTEGER, allowNull: false },
      title: { type: DataTypes.STRING(80), allowNull: false },
      content: { type: DataTypes.TEXT, allowNull: false },
      ...stamps(),
    },
    { sequelize, tableName: 'quick_replies', ...common },
  );

  ChatLabel.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      org_id: { type: DataTypes.INTEGER, allowNull: false },
      name: { type: DataTypes.STRING(40), allowNull: false },
      color: { type: DataTypes.STRING(7), allowNull: false, defaultValue: '#1976d2' },
      ...stamps(),
    },
    { sequelize, tableName: 'chat_labels', ...common },
  );
}
