import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

/**
 * Serves a built single-page app under a prefix: hashed assets cached for a year, index.html never,
 * and every unknown path under the prefix answered with index.html for client-side routing.
 */
export function serveSpa(app: Express, prefix: string, dir: string, headers: Record<string, string> = {}) {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) {
    app.get([prefix, `${prefix}/{*splat}`], (_req, res) => {
      res.status(503).type('text/plain').send(`${prefix} is not built yet: run \`npm run build\` (npm start does it for you).`);
    });
    return;
  }
  const noCache = (res: express.Response) => {
    res.set('Cache-Control', 'no-cache');
    for (const [k, v] of Object.entries(headers)) res.set(k, v);
  };
  app.use(prefix, express.static(dir, {
    index: false,
    setHeaders: (res, file) => {
      if (file.includes(`${path.sep}assets${path.sep}`)) res.set('Cache-Control', 'public, max-age=31536000, immutable');
      else noCache(res);
    },
  }));
  app.get([prefix, `${prefix}/{*splat}`], (req, res) => {
    if (req.path === prefix) return res.redirect(301, `${prefix}/${req.url.slice(prefix.length)}`);
    noCache(res);
    res.sendFile(index);
  });
}
