import { DataTypes } from 'sequelize';

// Attribute names are the column names (snake_case), so JSON sent by the API matches the schema.
export const common = { underscored: true, createdAt: 'created_at', updatedAt: 'updated_at' } as const;

// Factories, not shared constants: Sequelize writes into each attribute definition it is given.
export const refDef = () => ({ type: DataTypes.INTEGER, allowNull: true });
export const tsDef = () => ({ type: DataTypes.DATE, allowNull: true });
export const createdDef = () => ({ type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW });
/** created_at and updated_at, both set when the row is written first. */
export const stamps = () => ({ created_at: createdDef(), updated_at: createdDef() });
