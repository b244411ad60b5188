import { describe, it, expect } from '@jest/globals';
import { SCRYPT_CONCURRENCY, SCRYPT_QUEUE, hashPassword, passwordWorkStats, verifyPassword } from './password.js';
import { passwordProblem } from './password-policy.js';

describe('password hashing under a flood', () => {
  it('runs at most SCRYPT_CONCURRENCY hashes at once and turns away what would queue past the limit', async () => {
    const stored = await hashPassword('a-long-enough-password');
    const flood = Array.from({ length: SCRYPT_CONCURRENCY + SCRYPT_QUEUE + 6 }, () =>
      verifyPassword('a-long-enough-password', stored).then(
        (ok) => (ok ? 'ok' : 'wrong'),
        (error: { code?: string }) => error.code ?? 'error',
      ),
    );
    const outcomes = await Promise.all(flood);
    expect(passwordWorkStats().peak).toBe(SCRYPT_CONCURRENCY);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(SCRYPT_CONCURRENCY + SCRYPT_QUEUE);
    expect(outcomes.filter((o) => o === 'rate_limited')).toHaveLength(6);
    expect(passwordWorkStats()).toMatchObject({ active: 0, waiting: 0 });
  }, 60_000);
});

describe('password rules', () => {
  it('accept a long uncommon password and name what is wrong otherwise', () => {
    expect(passwordProblem('correct horse battery')).toBeNull();
    expect(passwordProblem('abc')).toMatch(/at least 10/);
    expect(passwordProblem('\t \n         ')).toMatch(/only spaces/);
    expect(passwordProblem('iloveyou123')).toMatch(/too common/);
    expect(passwordProblem('anna.petrova@example.test', 'Anna.Petrova@example.test')).toMatch(/email/);
  });
});
