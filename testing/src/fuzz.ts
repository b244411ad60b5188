import fc from 'fast-check';

/** Property runs: `FUZZ_SEED` replays a failure (fast-check prints the seed), `FUZZ_RUNS` widens a run. */
export const fuzzOptions = (): fc.Parameters<unknown> => ({
  numRuns: Number(process.env.FUZZ_RUNS) || 12,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
  endOnFailure: true,
});

/** Values at the edges of what columns, parsers and JSON can hold. */
export const boundaryValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    '',
    ' ',
    null,
    0,
    -1,
    1,
    2_147_483_648,
    -2_147_483_649,
    1e21,
    -1e21,
    0.1 + 0.2,
    'NaN',
    'Infinity',
    '1e400',
    '9'.repeat(40),
    '99999999999999.99',
    '0.001',
    '-0',
    true,
    false,
    [],
    {},
    [1, 2],
    { $gt: 0 },
    { a: { b: 1 } },
    '\u0000',
    'x\u0000y',
    'a'.repeat(10_001),
    '2026-02-30',
    '9999-12-31',
    '0000-00-00',
    '../../etc/passwd',
    'org/1/../x',
    '<script>alert(1)</script>',
    "'; DROP TABLE leads; --",
    '+79990001122',
    'lead-1',
    'user-1',
    'approved',
    'manager',
    'admin',
    'Europe/Moscow',
    'Mars/Olympus',
    '\uD800',
    '🙂'.repeat(300),
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A body with any subset of the known fields, each boundary or random, plus a few unknown keys. */
export function bodyFor(fields: string[]): fc.Arbitrary<Record<string, unknown>> {
  const known = fields.length ? fc.record(Object.fromEntries(fields.map((f) => [f, boundaryValue])), { requiredKeys: [] }) : fc.constant({});
  return fc.tuple(known, fc.dictionary(fc.string({ maxLength: 12 }), boundaryValue, { maxKeys: 2 })).map(([k, extra]) => ({ ...extra, ...k }));
}
