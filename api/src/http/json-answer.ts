import type { Response } from 'express';

/**
 * `res.json` for an api whose answers are never cached or revalidated (no ETag, `no-store`): the
 * body is written as Node writes a string, without Express's detour through `res.send` (a charset
 * parsed and formatted again, a Buffer copy of every large body, a freshness check that can only
 * fail). Everything a caller sees stays as `res.json` makes it: `application/json; charset=utf-8`
 * unless the route set a type, Content-Length, no body for 204/304 or an undefined value, none for
 * HEAD (Node drops it).
 */
export function jsonAnswer(this: Response, body: unknown): Response {
  const text = JSON.stringify(body);
  if (text === undefined || this.statusCode === 204 || this.statusCode === 304) {
    if (this.statusCode === 204 || this.statusCode === 304) this.removeHeader('Content-Type');
    this.end();
    return this;
  }
  if (!this.hasHeader('Content-Type')) this.setHeader('Content-Type', 'application/json; charset=utf-8');
  this.setHeader('Content-Length', Buffer.byteLength(text));
  this.end(text);
  return this;
}
