export * from './models/index.js';
export * from './models/types.js';
export { createSequelize, type ConnectOptions } from './connection.js';
export { migrate, migrateDown, createMigrator } from './migrate.js';
export { startEmbeddedPostgres, ensureDatabase, type EmbeddedServer } from './embedded.js';
export { openDatabase, type Database, type OpenDatabaseOptions } from './open.js';
export { Op, Transaction as SqlTransaction, QueryTypes, type Model, type ModelStatic, type Sequelize, type WhereOptions } from 'sequelize';
export { isTransientDbError, retryTransient, type RetryOptions } from './retry.js';
export { selectRows, selectSql, findPlain, columnsOf } from './read.js';
