import type { FieldProblem } from '@crm/contracts';
/**
 * The one error type of the domain. It carries a code, never an HTTP status: each entry point
 * (api, bot, jobs) maps codes to its own answer once.
 */
export type DomainErrorCode = 'validation' | 'not_found' | 'conflict' | 'unauthorized' | 'forbidden' | 'rate_limited' | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);

/** One field's problem: a stable code the screens translate, and the English text beside it. */
export type FieldError = FieldProblem;

/** A validation error naming the fields at fault: `{ fields: { email: 'must be an email' } }`. */
export const invalid = (fields: Record<string, string | FieldError>, message = 'Invalid input') =>
  new DomainError(
    'validation',
    `${message}: ${Object.entries(fields)
      .map(([k, v]) => `${k} ${typeof v === 'string' ? v : v.message}`)
      .join('; ')}`,
    { fields },
  );

// Stable field codes for problems described in words (refinements and hand-written checks); the
// screens translate the code, the English message stays beside it.
const FIELD_CODES: Array<[RegExp, string]> = [
  [/is required|required for/i, 'required'],
  [/email/i, 'invalid_email'],
  [/phone/i, 'invalid_phone'],
  [/not an amount|must be an amount|must be a number/i, 'invalid_number'],
  [/decimals/i, 'too_many_decimals'],
  [/must be below|too large|out of range|at most \d+ rows|at most \d+ MB/i, 'too_large'],
  [/must not be negative/i, 'negative'],
  [/greater than zero|must not be zero/i, 'not_positive'],
  [/at least \d+ characters/i, 'too_short'],
  [/already taken|already exists/i, 'taken'],
  [/unknown|does not point|not an uploaded file|must list/i, 'unknown_reference'],
  [/time zone/i, 'invalid_time_zone'],
  [/date/i, 'invalid_date'],
  [/country/i, 'invalid_country'],
  [/currency|3-letter/i, 'invalid_currency'],
  [/your own/i, 'own_account'],
  [/is not a filter|cannot sort|unknown field/i, 'unknown_field'],
  [/JSON/i, 'invalid_json'],
];

const fieldCodeFor = (message: string): string => FIELD_CODES.find(([re]) => re.test(message))?.[1] ?? 'invalid';

/** Every field problem as `{ code, message }`, whichever way it was written. */
export function toFieldErrors(fields: Record<string, unknown>): Record<string, FieldError> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, problem]) => {
      if (problem && typeof problem === 'object' && 'code' in problem && 'message' in problem)
        return [name, { code: String(problem.code), message: String(problem.message) }];
      const message = String(problem);
      return [name, { code: fieldCodeFor(message), message }];
    }),
  );
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
