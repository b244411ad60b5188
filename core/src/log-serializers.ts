/**
 * What may reach the logs of an error or a request. Errors keep their kind, code and where they
 * happened; never the values involved (SQL parameters, the statement with replacements inlined,
 * rows, a Telegram request's form, a unique-key detail such as `Key (phone)=(+7...)`).
 */
const ERROR_FIELDS = ['code', 'status', 'statusCode', 'errno', 'syscall', 'constraint', 'table', 'column', 'routine', 'type'] as const;

/** Values quoted in database messages (`invalid input syntax for type integer: "abc"`) are the caller's data. */
const scrubMessage = (name: string, message: string) => (/^Sequelize|^error$|DatabaseError/.test(name) ? message.replace(/"[^"]*"|'[^']*'/g, '"…"') : message);

export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: typeof error === 'string' ? '[non-error thrown]' : '[non-error thrown]' };
  const type = error.constructor?.name ?? error.name;
  const message = redactText(scrubMessage(error.name, String(error.message ?? '')));
  const out: Record<string, unknown> = { type, message };
  const source = error as unknown as Record<string, unknown>;
  const pg = (source.parent ?? source.original) as Record<string, unknown> | undefined;
  for (const field of ERROR_FIELDS) {
    const value = source[field] ?? pg?.[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (typeof error.stack === 'string') out.stack = [`${type}: ${message}`, ...error.stack.split('\n').filter((line) => /^\s+at /.test(line))].join('\n');
  const response = source.response as { statusCode?: number; body?: { error_code?: number; description?: string } } | undefined;
  if (response?.body?.error_code) out.telegram = { error_code: response.body.error_code, description: response.body.description };
  if (error.cause && depth < 3) out.cause = serializeError(error.cause, depth + 1);
  return out;
}

/** Signatures and tokens in URLs (signed media links, `?token=` of the event stream, S3 presigned links). */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:sig|signature|token|init_data|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=)[^&#]*/gi, '$1[redacted]');
}

const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g;
const BOT_TOKEN = /\b\d{6,12}:[\w-]{30,}/g;
const PHONE = /\+\d{10,15}\b/g;

/** Free text that may be logged (error messages): tokens and phone numbers inside it are cut out. */
function redactText(text: string): string {
  return redactUrl(text).replace(JWT, '[jwt]').replace(BOT_TOKEN, '[bot-token]').replace(PHONE, '[phone]');
}

/**
 * A request as logged: id, method and path, with the query's values left out (a search may be a
 * phone number or a name; a media link carries its signature); no headers, no body, no client address.
 */
export function serializeRequest(req: { id?: unknown; method?: string; url?: string; originalUrl?: string }) {
  const url = String(req.originalUrl ?? req.url ?? '');
  const [path, query] = [url.split('?')[0], url.split('?').slice(1).join('?')];
  const keys = query
    ? query
        .split('&')
        .map((pair) => `${pair.split('=')[0]}=[redacted]`)
        .join('&')
    : '';
  return { id: req.id, method: req.method, url: keys ? `${path}?${keys}` : path };
}

export function serializeResponse(res: { statusCode?: number }) {
  return { statusCode: res.statusCode };
}
