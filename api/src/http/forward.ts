import http from 'node:http';
import type { RequestHandler } from 'express';
import { errorBody } from './errors.js';

/**
 * Forwards a request as-is to another local process (the bot's webhook receiver, the Telegram sandbox), so that under
 * `npm start` one public address serves everything.
 */
export function forwardTo(target: string, what: string): RequestHandler {
  const base = new URL(target);
  return (req, res) => {
    const upstream = http.request(
      {
        hostname: base.hostname,
        port: base.port,
        method: req.method,
        path: req.originalUrl,
        headers: { ...req.headers, host: base.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.status(502).json(errorBody('bad_gateway', `${what} is not reachable`));
    });
    req.pipe(upstream);
  };
}
