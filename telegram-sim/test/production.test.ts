// Production never runs the Telegram sandbox: the supervisor does not start it, the sandbox process refuses
// to start, and the api, bot and jobs refuse a sandbox address.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { sandboxWanted } from '@crm/core';
import { botConfigSchema } from '@crm/bot';
import { jobsConfigSchema } from '@crm/jobs';
import { apiConfigSchema } from '@crm/api';
import { loadSandboxConfig } from '../src/config.js';
import { startProcess } from '@crm/testing/process-harness';
import { buildProduct, startProduct, type Product } from './product-harness.js';

describe('whether npm start runs the sandbox', () => {
  it('runs it outside production when an organization has no bot token, and never in production', () => {
    expect(sandboxWanted({ nodeEnv: 'development', organizationsWithoutBot: 1 })).toBe(true);
    expect(sandboxWanted({ nodeEnv: undefined, organizationsWithoutBot: 3 })).toBe(true);
    expect(sandboxWanted({ nodeEnv: 'production', organizationsWithoutBot: 1 })).toBe(false);
    expect(sandboxWanted({ nodeEnv: 'development', organizationsWithoutBot: 0 })).toBe(false);
    expect(sandboxWanted({ nodeEnv: 'development', setting: 'off', organizationsWithoutBot: 1 })).toBe(false);
  });
});

describe('the processes refuse the sandbox in production', () => {
  const sandboxUrl = 'http://127.0.0.1:3003';
  const issuesOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
    (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

  it('the bot, jobs and api configuration name TELEGRAM_SANDBOX_URL in production and accept it in development', () => {
    const jwt = 'f3a9c1e07b5d24869ae1c3f0d7b25e8a94c6d1f03b7e25a8c9d0e1f2a3b4c5d6';
    for (const schema of [botConfigSchema, jobsConfigSchema, apiConfigSchema]) {
      const production = schema.safeParse({ NODE_ENV: 'production', JWT_SECRET: jwt, TELEGRAM_SANDBOX_URL: sandboxUrl });
      expect(issuesOf(production)).toEqual(['TELEGRAM_SANDBOX_URL: the Telegram sandbox is for development only: unset it in production']);
      expect(schema.safeParse({ NODE_ENV: 'development', JWT_SECRET: jwt, TELEGRAM_SANDBOX_URL: sandboxUrl }).success).toBe(true);
    }
  });

  it('the sandbox process does not start with NODE_ENV=production', async () => {
    expect(() => loadSandboxConfig({ NODE_ENV: 'production' })).toThrow(/NODE_ENV: is production: the Telegram sandbox never runs in production/);
    buildProduct();
    const proc = startProcess('telegram-sim/dist/main.js', { NODE_ENV: 'production', SANDBOX_PORT: '0', DATABASE_URL: 'postgres://127.0.0.1:9/none' });
    expect(await proc.exited).toBe(1);
    expect(proc.stdout()).toContain('the Telegram sandbox never runs in production');
  }, 300_000);
});

describe('npm start with NODE_ENV=production', () => {
  let product: Product;
  beforeAll(async () => {
    buildProduct();
    product = await startProduct('production', { NODE_ENV: 'production' });
  }, 400_000);
  afterAll(async () => {
    await product?.close();
  }, 60_000);

  it('serves the product without the sandbox: no sandbox process, no /sandbox, the demo keeps having no bot', async () => {
    // Give the bot process a reconcile pass, in which a sandbox would have connected the demo organization.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(product.proc.stdout()).not.toMatch(/telegram-sim started/);
    expect(product.proc.stdout()).not.toMatch(/\/sandbox/);
    expect((await fetch(`${product.base}/sandbox/`)).status).toBe(404);
    await expect(fetch(`http://127.0.0.1:${product.ports.sandbox}/sandbox/api/bots`)).rejects.toThrow();
    const { body: orgs } = await product.api<Array<{ has_bot_token: boolean; bot_sandbox: boolean }>>('GET', '/api/organizations');
    expect(orgs).toEqual([expect.objectContaining({ has_bot_token: false, bot_sandbox: false })]);
  }, 60_000);
});
