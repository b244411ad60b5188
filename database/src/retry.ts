/** SQLSTATE classes and codes that mean "the server went away or is not accepting work yet", not "the query is wrong". */
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const TRANSIENT_MESSAGES =
  /Connection terminated|not queryable|database system is (starting up|shutting down|in recovery mode)|terminating connection|connection is insecure|ConnectionAcquireTimeoutError|Client was closed/i;

/**
 * True for errors a database restart or failover causes (connection refused or cut, server shutting
 * down or starting, serialization conflicts): the same statement is expected to succeed if tried again.
 */
export function isTransientDbError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const err = e as { name?: string; code?: string; message?: string; parent?: unknown; original?: unknown; cause?: unknown };
    if (err.name?.startsWith('SequelizeConnection') || err.name === 'SequelizeHostNotReachableError') return true;
    if (err.code && (TRANSIENT_SQLSTATES.has(err.code) || err.code.startsWith('08') || TRANSIENT_NODE_CODES.has(err.code))) return true;
    if (err.message && TRANSIENT_MESSAGES.test(err.message)) return true;
    e = err.parent ?? err.original ?? err.cause;
  }
  return false;
}

export interface RetryOptions {
  /** Give up (rethrow the last error) after this long. Default 30 s: longer than a restart or a failover. */
  timeoutMs?: number;
  /** First pause; doubles up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Runs `operation` and, while it fails with a transient database error, runs it again with back-off.
 * For writes that must not be lost to a restart (a status change, a job hand-off); the operation must be
 * safe to repeat (idempotent, or one transaction that either committed or did not).
 */
export async function retryTransient<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { timeoutMs = 30_000, baseDelayMs = 200, maxDelayMs = 5_000, onRetry } = options;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      if (!isTransientDbError(error) || Date.now() + delay > deadline) throw error;
      onRetry?.(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
