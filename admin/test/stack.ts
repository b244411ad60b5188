import { startBotStack } from '@crm/testing/bot-stack';
import { afterAll, beforeAll } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { ensureAdminBuilt, launchBrowser } from '@crm/testing/admin-browser';
import { ensureMiniAppBuilt } from '@crm/testing/miniapp-browser';
export { waitFor } from '@crm/testing/wait-for';

/**
 * The whole back office for real, in one process: the api serving the built admin, PostgreSQL, the
 * event stream, local media, the jobs worker delivering to the fake Bot API, and the bot process
 * receiving updates from it by webhook (see @crm/testing/bot-stack).
 */
export async function startStack(options: { name?: string; publicUrl?: string } = {}) {
  ensureAdminBuilt();
  // Relative signed URLs (/api/media/...), so the browser loads media from the api under test.
  return startBotStack({ name: options.name ?? 'admin-browser', mediaPublicUrl: '', ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}) });
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * One stack, one browser and one signed-up company for a test file, started before its tests and
 * closed after them; `signIn` opens the back office as the company's admin.
 */
export function browserStackForFile() {
  const ctx = {} as { stack: Stack; browser: Browser; company: Awaited<ReturnType<Stack['company']>> };
  let launched: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  beforeAll(async () => {
    ctx.stack = await startStack();
    launched = await launchBrowser();
    ctx.browser = launched.browser;
    ctx.company = await ctx.stack.company();
  }, 120_000);
  afterAll(async () => {
    await launched?.close();
    await ctx.stack?.close();
  });
  return Object.assign(ctx, {
    /** Signs in on the login page and waits for the dashboard (its Russian heading). */
    async signIn(page: Page) {
      await page.goto(`${ctx.stack.base}/admin/`);
      await page.locator('input[name=email]').fill(ctx.company.user.email);
      await page.locator('input[name=password]').fill(ctx.company.password);
      await page.locator('button[type=submit]').click();
      await page.getByText('Лиды по этапам').waitFor({ timeout: 60_000 });
    },
  });
}

/**
 * The stack of a story test file: one stack whose links point at `publicUrl`, the built Mini App and
 * one browser, started before the file's tests and closed after them. Each story signs up its own firm.
 */
export function storyStackForFile(name: string, publicUrl: string) {
  const ctx = {} as { stack: Stack; browser: Browser };
  let launched: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  beforeAll(async () => {
    ctx.stack = await startStack({ name, publicUrl });
    ensureMiniAppBuilt();
    launched = await launchBrowser();
    ctx.browser = launched.browser;
  }, 300_000);
  afterAll(async () => {
    await launched?.close();
    await ctx.stack?.close();
  });
  return ctx;
}
