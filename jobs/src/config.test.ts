import { describe, expect, it } from '@jest/globals';
import { loadApiConfig } from '@crm/api';
import { loadBotConfig } from '@crm/bot';
import { loadJobsConfig } from './config.js';

// api and bot enqueue, jobs processes: all three read the same queue settings and check them the same way.
const loaders = { api: loadApiConfig, bot: loadBotConfig, jobs: loadJobsConfig };
const base = { JWT_SECRET: 'a-test-secret-of-enough-length-0123456789' };

describe('queue backend settings of every process', () => {
  for (const [name, load] of Object.entries(loaders)) {
    it(`${name}: AGENDA_BACKEND=mongo needs MONGODB_URL`, () => {
      expect(() => load({ ...base, AGENDA_BACKEND: 'mongo' })).toThrow(/MONGODB_URL: required when AGENDA_BACKEND=mongo/);
      const config = load({ ...base, AGENDA_BACKEND: 'mongo', MONGODB_URL: 'mongodb://mongo:27017/agenda' });
      expect(config).toMatchObject({ AGENDA_BACKEND: 'mongo', MONGODB_URL: 'mongodb://mongo:27017/agenda' });
      expect(load(base)).toMatchObject({ AGENDA_BACKEND: 'postgres' });
    });
  }
});
