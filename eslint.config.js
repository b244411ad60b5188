// Lint: a small rule set that catches real mistakes, plus the import boundaries that keep the layers apart.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier/flat';

const serverWorkspaces = ['database', 'core', 'api', 'bot', 'jobs'];
const allWorkspaces = [...serverWorkspaces, 'contracts', 'admin', 'miniapp', 'telegram-sim', 'testing'];
const testFiles = ['**/*.test.{ts,tsx}', '**/test/**', 'testing/**'];
const pkg = (name) => `@crm/${name}`;
/** What a Telegram update is made of, and the handler types around it: the bot's business, never core's. */
const telegramUpdateTypes = [
  'Update',
  'UpdateType',
  'Message',
  'CallbackQuery',
  'InlineQuery',
  'ChosenInlineResult',
  'ChatMemberUpdated',
  'ChatJoinRequest',
  'PreCheckoutQuery',
  'ShippingQuery',
  'PollAnswer',
  'MessageReactionUpdated',
  'Context',
  'Middleware',
];

/** Forbids importing the named workspaces, by package name or by reaching into their folders. */
function forbid(names, why) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: names.map((name) => ({ name: pkg(name), message: why })),
        patterns: [{ group: names.flatMap((name) => [`${pkg(name)}/*`, `**/${name}/src/**`, `**/${name}/dist/**`]), message: why }],
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    files: ['admin/**/*.{ts,tsx}', 'miniapp/**/*.{ts,tsx}', 'telegram-sim/page/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // Benchmarks run code inside the browser page too.
  { files: ['bench/**'], languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  // The layering of the product's own code: frontends import no server workspace, only the wire types of
  // @crm/contracts; the processes never import each other; core and database know nothing of HTTP or
  // Telegram updates; contracts imports nothing. (Tests may start several processes in one run, so the
  // process rules apply to sources, not to tests.) contracts/test/boundaries.test.ts proves each rule fires.
  {
    files: ['admin/src/**', 'miniapp/src/**', 'telegram-sim/page/src/**'],
    rules: forbid([...serverWorkspaces, 'telegram-sim'], 'Frontends talk to the server over HTTP only; the wire types come from @crm/contracts.'),
  },
  { files: ['api/src/**'], ignores: ['**/*.test.ts'], rules: forbid(['bot', 'jobs'], 'api, bot and jobs are separate processes: share code through core.') },
  { files: ['bot/src/**'], ignores: ['**/*.test.ts'], rules: forbid(['api', 'jobs'], 'api, bot and jobs are separate processes: share code through core.') },
  { files: ['jobs/src/**'], ignores: ['**/*.test.ts'], rules: forbid(['api', 'bot'], 'api, bot and jobs are separate processes: share code through core.') },
  // The Telegram sandbox stands in for Telegram: it talks to the bot over the Bot API and webhooks only.
  {
    files: ['telegram-sim/src/**'],
    ignores: ['**/*.test.ts'],
    rules: forbid(['api', 'bot', 'jobs'], 'The Telegram sandbox stands in for Telegram: it reaches the processes over HTTP only.'),
  },
  { files: ['database/src/**'], ignores: ['**/*.test.ts'], rules: forbid(['core', 'api', 'bot', 'jobs'], 'database is the bottom layer.') },
  // Test-only code lives in the @crm/testing workspace: product code never imports it, and tests reach
  // another workspace through its package (@crm/<name>, @crm/testing/<helper>), never through its folders.
  // (A rule of its own, so it adds to the layering rules above instead of replacing them.)
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: testFiles,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: pkg('testing'), message: '@crm/testing is for tests only.' }],
          patterns: [{ group: [`${pkg('testing')}/*`, '**/testing/src/**', '**/testing/dist/**'], message: '@crm/testing is for tests only.' }],
        },
      ],
    },
  },
  // Tests reach into no workspace's src or dist, and never climb out of their own workspace into another
  // one's folder (`../../api/test/helpers.js`) whatever they reach for: shared harnesses live in
  // @crm/testing. deploy holds only tests, but its folder counts. (One regex, so an import is reported once.)
  {
    files: testFiles,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `(^|/)(${allWorkspaces.join('|')})/(src|dist)(/|$)|^(\\.\\./){2,}(${[...allWorkspaces, 'deploy'].join('|')})(/|$)`,
              message: 'Tests import another workspace as a package (@crm/<name>, @crm/testing/<helper>), not from its folders.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['core/src/**'],
    ignores: ['core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'express', message: 'core holds domain logic; HTTP belongs in api.' },
            ...['api', 'bot', 'jobs'].map((name) => ({ name: pkg(name), message: 'core is below the processes.' })),
            // core keeps the Telegram client wrapper, but takes plain inputs: updates and their handlers belong in bot.
            { name: 'node-telegram-bot-api', importNames: telegramUpdateTypes, message: 'core takes plain inputs, not Telegram updates.' },
          ],
          patterns: [
            {
              group: ['express/*', '**/api/src/**', '**/bot/src/**', '**/jobs/src/**', `${pkg('api')}/*`, `${pkg('bot')}/*`, `${pkg('jobs')}/*`],
              message: 'core is below the processes and knows nothing of HTTP.',
            },
          ],
        },
      ],
    },
  },
  // The wire contract is plain types and `as const` lists: it imports nothing, so every layer may read it.
  {
    files: ['contracts/src/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./)', message: 'contracts imports nothing: only its own files (./...).' }] }],
    },
  },
  // Formatting is Prettier's (npm run format); lint keeps no rule that would argue with it.
  prettier,
);
