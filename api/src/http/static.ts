import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

/**
 * Serves a built single-page app under a prefix: hashed assets cached for a year, index.html never,
 * and every unknown path under the prefix answered with index.html for client-side routing. The build
 * may appear after the api has started.
 */
export function serveSpa(app: Express, prefix: string, dir: string, headers: Record<string, string> = {}) {
  const index = path.join(dir, 'index.html');
  const noCache = (res: express.Response) => {
    res.set('Cache-Control', 'no-cache');
    for (const [k, v] of Object.entries(headers)) res.set(k, v);
  };
  app.use(
    prefix,
    express.static(dir, {
      index: false,
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`)) res.set('Cache-Control', 'public, max-age=31536000, immutable');
        else noCache(res);
      },
    }),
  );
  app.get([prefix, `${prefix}/{*splat}`], (req, res) => {
    if (req.path === prefix) return res.redirect(301, `${prefix}/${req.url.slice(prefix.length)}`);
    // `npm start` builds the screens while the processes already serve: until the build is there, a
    // page that says so and looks again by itself.
    if (!existsSync(index)) {
      res.status(503).set({ 'Retry-After': '5', 'Cache-Control': 'no-store' }).type('html').send(notBuiltPage(prefix));
      return;
    }
    noCache(res);
    res.sendFile(index);
  });
}

function notBuiltPage(prefix: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>${prefix}</title></head>
<body>
<p>${prefix} ещё собирается: страница обновится сама. Если она не появится, выполните <code>npm run build</code>.</p>
<p>${prefix} is not built yet: this page reloads by itself. If it does not appear, run <code>npm run build</code> (<code>npm start</code> builds it for you).</p>
</body></html>`;
}
