/**
 * The one error type of the domain. It carries a code, never an HTTP status: each entry point
 * (api, bot, jobs) maps codes to its own answer once.
 */
export type DomainErrorCode =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'unavailable';

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

/** A validation error naming the fields at fault: `{ fields: { email: 'must be an email' } }`. */
export const invalid = (fields: Record<string, string>, message = 'Invalid input') =>
  new DomainError('validation', `${message}: ${Object.entries(fields).map(([k, v]) => `${k} ${v}`).join('; ')}`, { fields });

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
