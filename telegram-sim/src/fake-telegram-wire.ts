import type { IncomingMessage, ServerResponse } from 'node:http';
import multer from 'multer';

/** A file part of a multipart Bot API request (uploads: sendPhoto, sendDocument, sendMediaGroup attach://). */
export interface UploadedPart {
  field: string;
  filename: string;
  mime_type: string;
  size: number;
  body: Buffer;
}

export interface ParsedBody {
  /** Field values as sent; nested structures (reply_markup, media, …) arrive as JSON strings and are parsed. */
  params: Record<string, unknown>;
  files: UploadedPart[];
  contentType: string;
}

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 50 * 1024 * 1024 } }).any();

/** Values that look like JSON objects or arrays are decoded, as the real Bot API does for structured fields. */
function decodeField(value: string): unknown {
  const first = value.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function decodeFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? decodeField(v) : v]));
}

async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a request the way the Bot API accepts it: query string, urlencoded, JSON or multipart/form-data. */
export async function parseBody(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<ParsedBody> {
  const contentType = String(req.headers['content-type'] ?? '');
  const fromQuery = Object.fromEntries(query.entries());
  if (contentType.startsWith('multipart/form-data')) {
    const withFiles = req as IncomingMessage & { body?: Record<string, unknown>; files?: Express.Multer.File[] };
    await new Promise<void>((resolve, reject) => upload(withFiles as never, res as never, (err: unknown) => (err ? reject(err) : resolve())));
    const files = (withFiles.files ?? []).map((f) => ({
      field: f.fieldname,
      filename: f.originalname,
      mime_type: f.mimetype,
      size: f.size,
      body: f.buffer,
    }));
    return { params: decodeFields({ ...fromQuery, ...(withFiles.body ?? {}) }), files, contentType };
  }
  const raw = req.method === 'POST' ? await readRaw(req) : '';
  if (contentType.startsWith('application/json') && raw) {
    return { params: { ...decodeFields(fromQuery), ...(JSON.parse(raw) as Record<string, unknown>) }, files: [], contentType };
  }
  const form = Object.fromEntries(new URLSearchParams(raw).entries());
  return { params: decodeFields({ ...fromQuery, ...form }), files: [], contentType };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export const ok = (res: ServerResponse, result: unknown) => reply(res, 200, { ok: true, result });

export function fail(res: ServerResponse, error_code: number, description: string, parameters?: Record<string, unknown>): void {
  reply(res, error_code, { ok: false, error_code, description, ...(parameters ? { parameters } : {}) });
}

/** A Bot API fault the fake can be told to answer with. */
export type Fault =
  | { kind: 'rate_limited'; retry_after: number }
  | { kind: 'blocked' }
  | { kind: 'server_error'; status?: number }
  | { kind: 'bad_request'; description: string };

export function answerFault(res: ServerResponse, fault: Fault): void {
  switch (fault.kind) {
    case 'rate_limited':
      return fail(res, 429, `Too Many Requests: retry after ${fault.retry_after}`, { retry_after: fault.retry_after });
    case 'blocked':
      return fail(res, 403, 'Forbidden: bot was blocked by the user');
    case 'server_error':
      return fail(res, fault.status ?? 502, 'Bad Gateway');
    case 'bad_request':
      return fail(res, 400, `Bad Request: ${fault.description}`);
  }
}
