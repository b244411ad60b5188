import { createSequelize, migrate, type Sequelize } from '@crm/database';

/**
 * Connects a test file to the run's throwaway database (created by the Jest global setup) and
 * applies migrations. Test files isolate their data by creating their own organizations.
 */
export async function connectTestDatabase(): Promise<Sequelize> {
  const url = process.env.CRM_TEST_DATABASE_URL;
  if (!url) throw new Error('CRM_TEST_DATABASE_URL is not set: run tests through `npm test` (Jest global setup).');
  const sequelize = createSequelize({ url, poolMax: 5 });
  await migrate(sequelize);
  return sequelize;
}
