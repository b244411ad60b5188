import { appendFileSync, readFileSync } from 'node:fs';

/**
 * Registers personal data a test uses on purpose (a phone, a message text, a name): the global
 * teardown fails the run if any of it shows up in the logs written by any process of the run.
 */
export function rememberPersonalData(...values: string[]): void {
  const file = process.env.CRM_TEST_LOG_FILE;
  if (file) appendFileSync(`${file}.canaries`, `${values.join('\n')}\n`);
}

/** The log lines written so far in this test run. */
export function testRunLog(): string[] {
  const file = process.env.CRM_TEST_LOG_FILE;
  if (!file) throw new Error('CRM_TEST_LOG_FILE is set by the global test setup');
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}
