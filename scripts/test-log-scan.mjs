// Scans the logs written during a test run for personal data and secrets. Used by the global
// teardown (the whole run) and by tests (their own canaries).
import { readFile } from 'node:fs/promises';

/** What must never be in a log line, whoever wrote it. */
const FORBIDDEN = [
  ['a JWT', /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/],
  ['a bot token', /\b\d{6,12}:(?:AA[\w-]{20,}|TEST-[\w-]+)/],
  ['a signed-link signature', /[?&](?:sig|X-Amz-Signature)=[0-9a-f]{16,}/i],
  ['a phone number', /\+\d{10,15}\b/],
  ['message text or a name (Cyrillic)', /[\u0400-\u04FF]{2,}/],
];

/** The personal data tests used on purpose, registered with `rememberPersonalData`, one per line. */
const canaryFile = (logFile) => `${logFile}.canaries`;

export async function scanLog(logFile, { canaries = [] } = {}) {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  const registered = (await readFile(canaryFile(logFile), 'utf8').catch(() => '')).split('\n').filter((line) => line.length >= 6);
  const found = [];
  const lines = text.split('\n');
  for (const [what, pattern] of FORBIDDEN) {
    const line = lines.find((l) => pattern.test(l));
    if (line) found.push({ what, line });
  }
  for (const canary of [...new Set([...registered, ...canaries])]) {
    const line = lines.find((l) => l.includes(canary));
    if (line) found.push({ what: `personal data a test used (${canary.slice(0, 3)}…)`, line });
  }
  return { lines: lines.length, found };
}
