export * from './models/index.js';
export * from './models/types.js';
export { createSequelize } from './connection.js';
export { migrate, createMigrator } from './migrate.js';
export { ensureDatabase } from './embedded.js';
export { openDatabase } from './open.js';
export { Op, Transaction as SqlTransaction, QueryTypes, type Model, type ModelStatic, type Sequelize, type WhereOptions } from 'sequelize';
export { isTransientDbError, retryTransient } from './retry.js';
export { selectRows, selectSql, findPlain, columnsOf, compiledWhere, readAll } from './read.js';
