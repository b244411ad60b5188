// One Jest run covers every workspace; each workspace is a project so `--selectProjects <name>` runs one.
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } },
    module: { type: 'es6' },
  },
];

const workspaces = ['contracts', 'database', 'core', 'api', 'bot', 'jobs', 'admin', 'miniapp', 'telegram-sim', 'deploy'];

export default {
  globalSetup: '<rootDir>/scripts/test-global-setup.mjs',
  globalTeardown: '<rootDir>/scripts/test-global-teardown.mjs',
  maxWorkers: 2,
  // A global option in Jest 30 (ignored inside a project): slow machines must not turn into false failures.
  testTimeout: 30000,
  projects: workspaces.map((name) => ({
    displayName: name,
    rootDir: `<rootDir>/${name}`,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts', '.tsx'],
    transform: { '^.+\\.tsx?$': swc },
    moduleNameMapper: {
      '^@crm/(contracts|database|core|api|bot|jobs|telegram-sim)$': '<rootDir>/../$1/src/index.ts',
      '^@crm/testing/(.*)$': '<rootDir>/../testing/src/$1.ts',
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    setupFiles: ['<rootDir>/../scripts/test-network-guard.mjs'],
    setupFilesAfterEnv: ['<rootDir>/../scripts/test-network-guard-after.mjs'],
  })),
};
