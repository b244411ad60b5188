import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Set by the test harness or the platform, not by whoever runs the product.
const NOT_CONFIGURATION = new Set(['CI', 'HOME', 'PATH', 'NODE_OPTIONS', 'TZ']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'testing' || name === 'node_modules' ? [] : sources(full);
    return /\.(ts|mjs)$/.test(name) && !/\.test\.ts$/.test(name) ? [full] : [];
  });
}

describe('.env.example', () => {
  it('documents every variable the processes read, each with a comment', () => {
    const files = [...['database', 'core', 'api', 'bot', 'jobs'].flatMap((ws) => sources(path.join(root, ws, 'src'))), ...sources(path.join(root, 'scripts'))];
    const used = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]+)|process\.env\[['"]([A-Z][A-Z0-9_]+)['"]\]/g)) used.add(m[1] ?? m[2]);
      if (/config/.test(path.basename(file)) || file.includes(`${path.sep}config${path.sep}`)) {
        for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9_]{2,}):\s*z[.\s]/gm)) used.add(m[1]);
      }
    }
    const example = readFileSync(path.join(root, '.env.example'), 'utf8').split('\n');
    const documented = new Map<string, boolean>();
    const isVariable = (line: string) => /^#?\s*[A-Z][A-Z0-9_]+=/.test(line);
    example.forEach((line, i) => {
      const m = /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(line);
      if (!m) return;
      // A variable is explained by the comment that opens its block (a group may share one).
      let j = i - 1;
      while (j >= 0 && isVariable(example[j])) j -= 1;
      documented.set(m[1], (example[j] ?? '').startsWith('#'));
    });
    const missing = [...used].filter((name) => !NOT_CONFIGURATION.has(name) && !name.startsWith('CRM_TEST_') && !documented.has(name)).sort();
    expect(missing).toEqual([]);
    const uncommented = [...documented].filter(([, hasComment]) => !hasComment).map(([name]) => name);
    expect(uncommented).toEqual([]);
  });
});
