// Fails a test file that tried to reach a host outside this machine (recorded by test-network-guard.mjs).
import { afterAll } from '@jest/globals';

afterAll(() => {
  const state = globalThis[Symbol.for('crm.networkGuard')];
  const blocked = state?.blocked.splice(0) ?? [];
  if (blocked.length > 0) throw new Error(`This test file tried to reach hosts outside this machine: ${[...new Set(blocked)].join(', ')}`);
});
