import type { Request } from 'express';

interface PgError {
  code?: string;
  column?: string;
  constraint?: string;
  table?: string;
  detail?: string;
}

/** SQLSTATEs that mean "the caller sent a value the column cannot hold": always the caller's fault. */
const BAD_VALUE: Record<string, string> = {
  '22003': 'is out of range',
  '22001': 'is too long',
  '22P02': 'has the wrong type',
  '22007': 'is not a valid date or time',
  '22008': 'is not a valid date or time',
  '22021': 'contains characters that cannot be stored',
  '22P05': 'contains characters that cannot be stored',
  '23502': 'is required',
  '23514': 'is not allowed',
};

/** Fields of the request (body, then filter) that could have caused the error, named for the caller. */
function suspects(req: Request, pg: PgError): string[] {
  if (pg.code === '23502' && pg.column) return [pg.column];
  if (pg.code === '23514' && pg.constraint) {
    const column = pg.table && pg.constraint.startsWith(`${pg.table}_`) ? pg.constraint.slice(pg.table.length + 1) : pg.constraint;
    return [column.replace(/_check\d*$/, '')];
  }
  const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? Object.entries(req.body as Record<string, unknown>) : [];
  const limit = /precision (\d+), scale (\d+)/.exec(pg.detail ?? '');
  if (pg.code === '22003' && limit) {
    const bound = 10 ** (Number(limit[1]) - Number(limit[2]));
    const found = body.filter(([, v]) => (typeof v === 'number' || typeof v === 'string') && Math.abs(Number(v)) >= bound).map(([k]) => k);
    if (found.length) return found;
  }
  return body.length === 1 ? [body[0]![0]] : ['_'];
}

/** A database error the caller caused, as a 400 naming the field; undefined for anything else. */
export function badValueAnswer(error: unknown, req: Request) {
  const err = error as { name?: string; parent?: PgError; original?: PgError } | undefined;
  if (err?.name !== 'SequelizeDatabaseError') return undefined;
  const pg = err.parent ?? err.original ?? {};
  const problem = pg.code ? BAD_VALUE[pg.code] : undefined;
  if (!problem) return undefined;
  const fields = Object.fromEntries(suspects(req, pg).map((f) => [f, problem]));
  return { error: 'validation', message: `Invalid input: ${Object.keys(fields).join(', ')} ${problem}`, fields };
}

/**
 * Unique indexes whose clash needs its own answer. A bot token another organization holds gets a
 * generic refusal that says nothing about who holds it (the same answer for any firm that tries).
 */
const UNIQUE_ANSWERS: Record<string, { status: number; error: string; message: string; fields: Record<string, { code: string; message: string }> }> = {
  users_org_email_key: {
    status: 409,
    error: 'conflict',
    message: 'A user with this email already exists in your organization',
    fields: { email: { code: 'taken', message: 'is already taken' } },
  },
  chat_labels_org_name_key: {
    status: 409,
    error: 'conflict',
    message: 'A label with this name already exists',
    fields: { name: { code: 'taken', message: 'is already taken' } },
  },
  organizations_bot_id_key: {
    status: 400,
    error: 'validation',
    message: 'This bot token cannot be connected: in @BotFather revoke it (/revoke) and paste the new token',
    fields: { bot_token: { code: 'bot_token_unusable', message: 'cannot be connected: revoke it in @BotFather and paste the new token' } },
  },
};

/** The answer for a unique violation, by the index that refused it; undefined for the generic "already taken". */
export function uniqueViolationAnswer(error: unknown) {
  const err = error as { name?: string; parent?: PgError; original?: PgError } | undefined;
  if (err?.name !== 'SequelizeUniqueConstraintError') return undefined;
  const constraint = (err.parent ?? err.original)?.constraint;
  return constraint ? UNIQUE_ANSWERS[constraint] : undefined;
}
