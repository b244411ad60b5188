import pg from 'pg';
import { Sequelize } from 'sequelize';
import { initModels } from './models/index.js';

// BIGINT columns hold Telegram ids and counts, all far below 2^53: read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
});

export interface ConnectOptions {
  url: string;
  poolMax?: number;
  logging?: (sql: string) => void;
}

export function createSequelize({ url, poolMax = 10, logging }: ConnectOptions): Sequelize {
  const sequelize = new Sequelize(url, {
    dialect: 'postgres',
    logging: logging ?? false,
    pool: { max: poolMax, min: 0, idle: 10_000, acquire: 30_000 },
    define: { underscored: true },
  });
  initModels(sequelize);
  return sequelize;
}
