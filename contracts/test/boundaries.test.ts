// The layering rules of eslint.config.js, proven with the project's own configuration: ESLint's Node API
// lints small in-memory files placed in each workspace, and a forbidden import must be reported while
// the allowed ones (the wire types of @crm/contracts above all) pass.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from '@jest/globals';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Sample {
  file: string;
  code: string;
}
interface Verdict {
  file: string;
  code: string;
  restricted: string[];
  fatal: string[];
}

const samples: Record<string, Sample> = {
  adminCore: { file: 'admin/src/boundary-sample.ts', code: "import { dashboardSummary } from '@crm/core';\nexport const f = dashboardSummary;\n" },
  adminDatabaseByPath: {
    file: 'admin/src/boundary-sample.ts',
    code: "import { LEAD_STATUSES } from '../../database/src/index.js';\nexport const s = LEAD_STATUSES;\n",
  },
  adminContracts: {
    file: 'admin/src/boundary-sample.ts',
    code: "import { LEAD_STATUSES, type Pipeline } from '@crm/contracts';\nexport const s: Pipeline | readonly string[] = LEAD_STATUSES;\n",
  },
  miniappApi: { file: 'miniapp/src/boundary-sample.ts', code: "import type { ApiDeps } from '@crm/api';\nexport type D = ApiDeps;\n" },
  miniappContracts: {
    file: 'miniapp/src/boundary-sample.ts',
    code: "import type { MiniAppSession } from '@crm/contracts';\nexport type S = MiniAppSession;\n",
  },
  apiBot: { file: 'api/src/boundary-sample.ts', code: "import { startBot } from '@crm/bot';\nexport const f = startBot;\n" },
  botJobs: { file: 'bot/src/boundary-sample.ts', code: "import { defineJobs } from '../../jobs/src/index.js';\nexport const f = defineJobs;\n" },
  jobsApi: { file: 'jobs/src/boundary-sample.ts', code: "import { createApp } from '@crm/api';\nexport const f = createApp;\n" },
  jobsCore: { file: 'jobs/src/boundary-sample.ts', code: "import { dashboardSummary } from '@crm/core';\nexport const f = dashboardSummary;\n" },
  coreExpress: { file: 'core/src/boundary-sample.ts', code: "import { Router } from 'express';\nexport const r = Router;\n" },
  coreUpdate: { file: 'core/src/boundary-sample.ts', code: "import type { Update } from 'node-telegram-bot-api';\nexport type U = Update;\n" },
  coreContext: { file: 'core/src/boundary-sample.ts', code: "import type { Context } from 'node-telegram-bot-api';\nexport type C = Context;\n" },
  coreTelegramClient: { file: 'core/src/boundary-sample.ts', code: "import { Bot } from 'node-telegram-bot-api';\nexport const b = Bot;\n" },
  contractsZod: { file: 'contracts/src/boundary-sample.ts', code: "import { z } from 'zod';\nexport const s = z.string();\n" },
  contractsDatabase: { file: 'contracts/src/boundary-sample.ts', code: "import type { Lead } from '@crm/database';\nexport type L = Lead;\n" },
  contractsOwn: { file: 'contracts/src/boundary-sample.ts', code: "import { LEAD_STATUSES } from './enums.js';\nexport const s = LEAD_STATUSES;\n" },
  coreTesting: { file: 'core/src/boundary-sample.ts', code: "import { waitFor } from '@crm/testing/wait-for';\nexport const f = waitFor;\n" },
  botTestingByPath: { file: 'bot/src/boundary-sample.ts', code: "import { waitFor } from '../../testing/src/wait-for.js';\nexport const f = waitFor;\n" },
  testTesting: { file: 'api/test/boundary-sample.test.ts', code: "import { waitFor } from '@crm/testing/wait-for';\nexport const f = waitFor;\n" },
  testOtherSrc: { file: 'api/test/boundary-sample.test.ts', code: "import { buildBotApp } from '../../bot/src/app.js';\nexport const f = buildBotApp;\n" },
  unitTestOtherSrc: {
    file: 'jobs/src/boundary-sample.test.ts',
    code: "import { loadApiConfig } from '../../api/src/config.js';\nexport const f = loadApiConfig;\n",
  },
  testOtherPackage: { file: 'api/test/boundary-sample.test.ts', code: "import { buildBotApp } from '@crm/bot';\nexport const f = buildBotApp;\n" },
  testOwnSrc: { file: 'bot/test/boundary-sample.test.ts', code: "import { buildBotApp } from '../src/app.js';\nexport const f = buildBotApp;\n" },
  testOtherTest: {
    file: 'bot/test/boundary-sample.test.ts',
    code: "import { startBotStack } from '../../api/test/bot-stack.js';\nexport const f = startBotStack;\n",
  },
  helperOtherTest: {
    file: 'telegram-sim/test/boundary-sample.ts',
    code: "import { startProcess } from '../../deploy/test/process-harness.js';\nexport const f = startProcess;\n",
  },
  nestedTestOtherWorkspace: {
    file: 'deploy/test/faults/boundary-sample.test.ts',
    code: "import { features } from '../../../bot/features/index.js';\nexport const f = features;\n",
  },
  testSharedHarness: {
    file: 'bot/test/boundary-sample.test.ts',
    code: "import { startBotStack } from '@crm/testing/bot-stack';\nexport const f = startBotStack;\n",
  },
  testOwnBuild: {
    file: 'core/test/fixtures/boundary-sample.mjs',
    code: "import { runProcess } from '../../dist/process/shell.js';\nexport const f = runProcess;\n",
  },
  testNonWorkspaceFolder: {
    file: 'deploy/test/boundary-sample.test.ts',
    code: "import { renderNginxConfig } from '../../nginx/render.mjs';\nexport const f = renderNginxConfig;\n",
  },
};

// One ESLint run for every sample, in a child process: the config is the project's eslint.config.js, loaded
// by ESLint itself exactly as `npm run lint` loads it.
const script = `
import { ESLint } from 'eslint';
const samples = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd() });
const out = {};
for (const [name, { file, code }] of Object.entries(samples)) {
  const [result] = await eslint.lintText(code, { filePath: file });
  out[name] = {
    file,
    code,
    restricted: result.messages.filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message),
    fatal: result.messages.filter((m) => m.fatal).map((m) => m.message),
  };
}
process.stdout.write(JSON.stringify(out));
`;

let verdicts: Record<string, Verdict>;

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(samples)], {
    cwd: root,
    maxBuffer: 10 * 1024 * 1024,
    timeout: 240_000,
  });
  verdicts = JSON.parse(stdout);
  for (const verdict of Object.values(verdicts)) expect(verdict.fatal).toEqual([]);
}, 300_000);

const reported = (name: keyof typeof samples) => verdicts[name]!.restricted;

describe('import boundaries (eslint.config.js)', () => {
  it('frontends import no server workspace, by package name or by path, but may import @crm/contracts', () => {
    expect(reported('adminCore')).toEqual([expect.stringContaining('@crm/contracts')]);
    expect(reported('adminDatabaseByPath')).toHaveLength(1);
    expect(reported('miniappApi')).toHaveLength(1);
    expect(reported('adminContracts')).toEqual([]);
    expect(reported('miniappContracts')).toEqual([]);
  });

  it('api, bot and jobs never import each other, and share code through core', () => {
    expect(reported('apiBot')).toEqual([expect.stringContaining('separate processes')]);
    expect(reported('botJobs')).toEqual([expect.stringContaining('separate processes')]);
    expect(reported('jobsApi')).toEqual([expect.stringContaining('separate processes')]);
    expect(reported('jobsCore')).toEqual([]);
  });

  it('core imports neither express nor Telegram update types, but keeps the Telegram client', () => {
    expect(reported('coreExpress')).toEqual([expect.stringContaining('HTTP belongs in api')]);
    expect(reported('coreUpdate')).toEqual([expect.stringContaining('not Telegram updates')]);
    expect(reported('coreContext')).toEqual([expect.stringContaining('not Telegram updates')]);
    expect(reported('coreTelegramClient')).toEqual([]);
  });

  it('contracts imports nothing but its own files', () => {
    expect(reported('contractsZod')).toEqual([expect.stringContaining('contracts imports nothing')]);
    expect(reported('contractsDatabase')).toEqual([expect.stringContaining('contracts imports nothing')]);
    expect(reported('contractsOwn')).toEqual([]);
  });

  it('product code never imports the test-only @crm/testing; tests reach other workspaces through their packages only', () => {
    expect(reported('coreTesting')).toEqual([expect.stringContaining('for tests only')]);
    expect(reported('botTestingByPath')).toEqual([expect.stringContaining('for tests only')]);
    expect(reported('testTesting')).toEqual([]);
    expect(reported('testOtherSrc')).toEqual([expect.stringContaining('as a package')]);
    expect(reported('unitTestOtherSrc')).toEqual([expect.stringContaining('as a package')]);
    expect(reported('testOtherPackage')).toEqual([]);
    expect(reported('testOwnSrc')).toEqual([]);
  });

  it('a test never climbs into the folder of another workspace, not even its tests: shared harnesses come from @crm/testing', () => {
    expect(reported('testOtherTest')).toEqual([expect.stringContaining('as a package')]);
    expect(reported('helperOtherTest')).toEqual([expect.stringContaining('as a package')]);
    expect(reported('nestedTestOtherWorkspace')).toEqual([expect.stringContaining('as a package')]);
    expect(reported('testSharedHarness')).toEqual([]);
    expect(reported('testOwnBuild')).toEqual([]);
    expect(reported('testNonWorkspaceFolder')).toEqual([]);
  });
});
