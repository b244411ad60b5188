import type { ErrorBody, FieldProblem } from '@crm/contracts';
import { HttpError } from 'react-admin';
import { i18nProvider } from './i18nProvider';

/** Error answers as the API sends them; a proxy's error page, or an older server, may leave parts out. */
type AnyErrorBody = Partial<Pick<ErrorBody, 'error' | 'code' | 'message'>> & { fields?: Record<string, Partial<FieldProblem> | string> };

const translate = (key: string, fallback: string) => i18nProvider.translate(key, { _: fallback });

/** One field's problem in the user's language: by its code, the server's English text only as a last resort. */
function fieldMessage(problem: Partial<FieldProblem> | string): string {
  if (typeof problem === 'string') return problem;
  return translate(`crm.field_errors.${problem.code ?? 'invalid'}`, problem.message ?? translate('crm.field_errors.invalid', 'is not valid'));
}

/**
 * The API answers `{ error, message, fields: { name: { code, message } } }`. This turns it into an
 * HttpError whose message is in the user's language (what every notification shows) and whose
 * `body.errors` holds per-field texts (what react-admin forms show under the inputs).
 */
export function translateApiError(error: unknown, url: string): unknown {
  if (!(error instanceof HttpError)) return error;
  const body = (error.body ?? {}) as AnyErrorBody;
  const code = body.error ?? body.code;
  if (!code) return error;
  const resource = /\/api\/([\w-]+)/.exec(url)?.[1] ?? '';
  const fields = Object.entries(body.fields ?? {});
  const errors = Object.fromEntries(fields.map(([name, problem]) => [name, fieldMessage(problem)]));
  const headline = translate(`crm.errors.${code}`, translate('crm.errors.generic', 'Something went wrong'));
  const details = fields.map(([name, problem]) => `${translate(`resources.${resource}.fields.${name}`, name)} — ${fieldMessage(problem)}`).join('; ');
  return new HttpError(details ? `${headline}: ${details}` : headline, error.status, { ...body, errors });
}
