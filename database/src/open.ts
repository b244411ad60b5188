import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { createSequelize } from './connection.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.js';
import { migrate } from './migrate.js';

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; when absent an embedded server is started under `dataDir`. */
  url?: string;
  dataDir: string;
  embeddedPort: number;
  migrate?: boolean;
  poolMax?: number;
  log?: (line: string) => void;
}

export interface Database {
  sequelize: Sequelize;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  let embedded: EmbeddedServer | undefined;
  let url = options.url;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, 'postgres'), port: options.embeddedPort, log: options.log });
    url = embedded.url;
  }
  const sequelize = createSequelize({ url, poolMax: options.poolMax });
  try {
    await sequelize.authenticate();
    if (options.migrate) await migrate(sequelize, options.log);
  } catch (error) {
    await sequelize.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    throw error;
  }
  return {
    sequelize,
    url,
    embedded: Boolean(embedded),
    async close() {
      await sequelize.close();
      await embedded?.stop();
    },
  };
}
