import { startBotStack } from '../../api/test/bot-stack.js';
import { ensureAdminBuilt } from './browser.js';
export { waitFor } from '../../core/src/testing/wait-for.js';

/**
 * The whole back office for real, in one process: the api serving the built admin, PostgreSQL, the
 * event stream, local media, the jobs worker delivering to the fake Bot API, and the bot process
 * receiving updates from it by webhook (see api/test/bot-stack.ts).
 */
export async function startStack(options: { name?: string; publicUrl?: string } = {}) {
  ensureAdminBuilt();
  // Relative signed URLs (/api/media/...), so the browser loads media from the api under test.
  return startBotStack({ name: options.name ?? 'admin-browser', mediaPublicUrl: '', ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}) });
}

export type Stack = Awaited<ReturnType<typeof startStack>>;
