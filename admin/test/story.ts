import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { RecordedRequest } from '@crm/testing/fake-telegram';
import { step } from '@crm/testing/admin-browser';
import type { Stack } from './stack.js';

/*
 * The opening of every story test: a firm signs up in the back office and connects its bot in
 * Settings, with no demo data; and how a story reads what the fake Bot API recorded.
 */
export const STORY_WAIT = 45_000;

export type Markup = { inline_keyboard?: Array<Array<{ text: string; url?: string; callback_data?: string; web_app?: { url: string } }>> };
export const markupOf = (r: RecordedRequest | undefined): Markup => {
  const raw = r?.params.reply_markup;
  return (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as Markup;
};
export const textOf = (r: RecordedRequest) => String(r.params.text ?? r.params.caption ?? '');

/** An amount as a screen shows it ("1 800 000,00 ₽", "+€38,000.50", "−12 500 ₽") in cents. */
export function displayedCents(text: string): bigint {
  const negative = /[-−]/.test(text);
  const number = text.replace(/[^\d.,]/g, '');
  const decimal = /[.,](\d{1,2})$/.exec(number);
  const whole = (decimal ? number.slice(0, decimal.index) : number).replace(/[.,]/g, '');
  const cents = BigInt(whole || '0') * 100n + BigInt(((decimal?.[1] ?? '') + '00').slice(0, 2));
  return negative ? -cents : cents;
}
/** An exact amount from the API ("1838000.50") in cents. */
export const cents = (value: string) => BigInt(value.replace('.', ''));

/** A firm about to sign up: its owner and the token @BotFather gave it; `token` and `orgId` are filled by the sign-up. */
export function newFirm(organization: string, ownerName: string) {
  return {
    organization,
    owner: { name: ownerName, email: `owner-${Date.now()}@remont.test`, password: 'long enough password' },
    botToken: `${100_000_000 + Math.floor(Math.random() * 899_999_999)}:AA${randomBytes(16).toString('hex')}`,
    orgId: 0,
    token: '',
  };
}
export type Firm = ReturnType<typeof newFirm>;

/** A Telegram person whose id is made when first used (the update factory lives in the stack started in beforeAll). */
export function telegramPerson(stack: () => Stack, options: { first_name: string; last_name?: string; language_code: string }) {
  let person: ReturnType<Stack['telegramUser']> | undefined;
  return () => (person ??= stack().telegramUser(options));
}

/** The owner signs up on `/admin/#/sign-up` (a Russian browser) and lands on the greeting; the firm gets its token and id. */
export async function signUp(stack: Stack, page: Page, firm: Firm) {
  await step(
    () => page,
    'story-sign-up',
    async () => {
      await page.goto(`${stack.base}/admin/#/sign-up`);
      await page.locator('input[name=organization]').fill(firm.organization);
      await page.locator('input[name=name]').fill(firm.owner.name);
      await page.locator('input[name=email]').fill(firm.owner.email);
      await page.locator('input[name=password]').fill(firm.owner.password);
      await page.getByRole('button', { name: 'Создать аккаунт' }).click();
      await page.getByText(`Здравствуйте, ${firm.owner.name}`).waitFor({ timeout: STORY_WAIT });
    },
  );
  firm.token = (await page.evaluate(() => localStorage.getItem('crm.token')))!;
  firm.orgId = JSON.parse((await page.evaluate(() => localStorage.getItem('crm.organization')))!).id;
}

/** The owner pastes the bot token in Settings; the bot process picks it up on its own and Settings shows it connected. */
export async function connectBot(stack: Stack, page: Page, firm: Firm) {
  await step(
    () => page,
    'story-settings',
    async () => {
      await page.goto(`${stack.base}/admin/#/settings`);
      await page.getByTestId('bot-status').waitFor({ timeout: STORY_WAIT });
      await page.locator('input[name=bot_token]').fill(firm.botToken);
      await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
      await page.getByText('Настройки сохранены').waitFor({ timeout: STORY_WAIT });
      // The bot process picks the new token up on its own (it reconciles organizations with its bots).
      await stack.waitFor(async () => stack.manager.forOrg(firm.orgId), STORY_WAIT, 'the bot started for the firm');
      await stack.waitFor(async () => (await stack.api(firm.token, 'GET', `/organizations/${firm.orgId}`)).bot_username, STORY_WAIT, 'the bot username');
      await page.reload();
      await page.getByTestId('bot-status').filter({ hasText: 'Подключён как @' }).waitFor({ timeout: STORY_WAIT });
    },
  );
}
