import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cors from 'cors';
import { createSessionVerifier, signerFor, type DashboardSummary } from '@crm/core';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { authenticate, configurePassport, requireStaff } from './auth/middleware.js';
import { serializeError, serializeRequest, serializeResponse } from '@crm/core';
import { publicUrlOf, type ApiConfig } from './config.js';
import type { ApiDeps } from './deps.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { forwardTo } from './http/forward.js';
import { jsonAnswer } from './http/json-answer.js';
import { backOfficeHeaders, baseHeaders, noStore, originOf } from './http/security-headers.js';
import { serveSpa } from './http/static.js';
import { resources } from './resources/definitions.js';
import { resourceRouter } from './resources/router.js';
import { authRouter } from './routes/auth.js';
import { healthRouter } from './routes/health.js';
import { leadImportRouter } from './routes/lead-import.js';
import { leadsRouter } from './routes/leads.js';
import { tasksRouter } from './routes/tasks.js';
import { pipelineRouter } from './routes/pipeline.js';
import { projectsRouter } from './routes/projects.js';
import { estimatesRouter } from './routes/estimates.js';
import { changeRequestsRouter } from './routes/change-requests.js';
import { contractsRouter } from './routes/contracts.js';
import { dashboardRouter } from './routes/dashboard.js';
import { orgCache } from './http/org-cache.js';
import { jobsDashboardRouter } from './routes/jobs-dashboard.js';
import { organizationsRouter } from './routes/organizations.js';
import { miniappRouter } from './routes/miniapp.js';
import { transactionsRouter } from './routes/transactions.js';
import { uploadsRouter } from './routes/uploads.js';
import { chatsRouter } from './routes/chats.js';
import { peopleRouter } from './routes/people.js';
import { eventsRouter } from './routes/events.js';
import { isLocalStorage, mediaRouter } from './routes/media.js';
import { notificationsRouter } from './routes/notifications.js';
import { catalogItemsRouter } from './routes/catalog-items.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** How long the dashboard may be served without a change of its organization (time moves its stale leads and its week). */
const DASHBOARD_MAX_AGE_MS = 1_000;

/** Builds the HTTP app; never listens (main.ts does). */
export function buildApp(deps: ApiDeps): Express {
  const { config, sequelize, logger, storage } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  app.set('query parser', 'extended');
  // API answers are `no-store`, so nobody revalidates them: hashing every body for an ETag (~40 µs for a page of 25 leads) bought nothing.
  app.set('etag', false);
  app.response.json = jsonAnswer;
  const sessions = deps.sessions ?? createSessionVerifier(sequelize);
  app.locals.sessions = sessions;

  // The webhook body goes to the bot untouched, so this comes before any body parser.
  if (config.BOT_INTERNAL_URL) app.post('/telegram/webhook/:botId', forwardTo(config.BOT_INTERNAL_URL, 'The bot process'));
  // The built-in Telegram sandbox (development only): its page and the page's own API, on the one public port.
  if (config.TELEGRAM_SANDBOX_URL) app.use('/sandbox', forwardTo(config.TELEGRAM_SANDBOX_URL, 'The Telegram sandbox'));

  app.use(baseHeaders);
  app.use('/api', noStore);
  const origins = corsOrigins(config);
  const sign = signerFor(storage, config.MEDIA_URL_TTL);
  // The event stream accepts `?token=` (EventSource sends no headers): mounted before request logging so tokens stay out of logs.
  // Before request logging: the dashboard is opened with ?token=, which must not reach the logs.
  if (deps.agenda)
    app.use('/api/admin/jobs', jobsDashboardRouter({ agenda: deps.agenda, jwtSecret: config.JWT_SECRET, operators: config.JOBS_DASHBOARD_ORGS, sessions }));
  if (deps.events)
    app.use('/api/events', cors({ origin: origins }), eventsRouter({ sequelize, hub: deps.events, jwtSecret: config.JWT_SECRET, logger, sessions, sign }));
  // The access log builds two child loggers and a redacted copy of the request for every request: only
  // where its lines can be written (pino-http writes them at info). Otherwise handlers log through the app's logger.
  if (logger.isLevelEnabled('info')) {
    app.use(
      pinoHttp({
        logger,
        serializers: { req: serializeRequest, res: serializeResponse, err: serializeError },
        autoLogging: { ignore: (req) => req.url === '/api/health' },
        quietReqLogger: true,
      }),
    );
  } else {
    app.use((req, _res, next) => {
      req.log = logger;
      next();
    });
  }
  // Only a cross-origin call carries an Origin header; the back office's own (same-origin GETs) need no CORS headers.
  const crossOrigin = cors({ origin: origins, exposedHeaders: ['Content-Range'] });
  app.use('/api', (req, res, next) => (req.headers.origin === undefined ? next() : crossOrigin(req, res, next)));
  app.use('/api', express.json({ limit: '1mb' }));
  const passportInit = configurePassport(config.JWT_SECRET);
  app.locals.jwtKey = passportInit.jwtKey;
  app.use(passportInit);

  app.use('/api/health', healthRouter({ sequelize, checks: deps.healthChecks }));
  app.use('/api/auth', authRouter({ sequelize, config, sessions }));
  // Routes mounted before `authenticate` handle their own auth (Mini App session, signed media, event stream).
  app.use('/api', miniappRouter(deps));
  if (isLocalStorage(storage)) app.use('/api/media', mediaRouter({ storage }));
  app.use('/api', authenticate);
  // Organization-wide reads served to many managers at once are kept until the organization's next change.
  const dashboardCache = deps.events ? orgCache<DashboardSummary>(deps.events, { maxAgeMs: DASHBOARD_MAX_AGE_MS }) : undefined;
  if (dashboardCache) app.use('/api', dashboardCache.dropOnWrite);
  app.use('/api', peopleRouter({ sequelize }));
  app.use('/api/chats', chatsRouter({ sequelize, storage, queue: deps.queue, sign }));
  app.use('/api/leads', leadImportRouter({ sequelize }), leadsRouter({ sequelize }));
  app.use('/api/tasks', tasksRouter({ sequelize }));
  app.use('/api/pipeline', pipelineRouter());
  app.use('/api/projects', projectsRouter({ sequelize }));
  app.use('/api/estimates', estimatesRouter({ sequelize, storage, config, queue: deps.queue, publicUrl: publicUrlOf(config) }));
  app.use(
    '/api/change-requests',
    changeRequestsRouter({
      sequelize,
      queue: deps.queue,
      publicUrl: publicUrlOf(config),
      ...(deps.queue ? { notify: { queue: deps.queue, ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}) } } : {}),
    }),
  );
  app.use('/api', contractsRouter({ sequelize, storage, config, sign }));
  app.use('/api/dashboard', dashboardRouter({ sequelize, ...(dashboardCache ? { cache: dashboardCache } : {}) }));
  app.use('/api/transactions', transactionsRouter());
  app.use('/api/organizations', organizationsRouter({ sequelize, telegram: { apiRoot: config.TELEGRAM_API_ROOT, sandboxUrl: config.TELEGRAM_SANDBOX_URL } }));
  if (storage) {
    app.use(
      '/api/uploads',
      requireStaff(),
      uploadsRouter({
        sequelize,
        storage,
        sign: sign!,
        quotaBytes: config.ORG_STORAGE_QUOTA_MB * 1024 * 1024,
        perOrg: config.UPLOADS_PER_ORG,
      }),
    );
  }
  app.use('/api/notifications', notificationsRouter());
  app.use('/api/catalog-items', catalogItemsRouter({ sequelize }));
  for (const def of resources) app.use(`/api/${def.name}`, resourceRouter(def, { sequelize, sign, publicUrl: publicUrlOf(config), queue: deps.queue, logger }));
  app.use('/api', notFoundHandler);

  const mediaOrigins = [originOf(config.S3_PUBLIC_URL ?? config.S3_ENDPOINT)].filter((o): o is string => Boolean(o));
  app.use('/admin', backOfficeHeaders(mediaOrigins));
  serveSpa(app, '/admin', path.join(projectRoot, 'admin/dist'));
  serveSpa(app, '/app', path.join(projectRoot, 'miniapp/dist'), {
    // The sandbox page opens the Mini App in a frame of its own origin, as Telegram Web does from its.
    'Content-Security-Policy': `frame-ancestors ${config.TELEGRAM_SANDBOX_URL ? "'self' " : ''}https://web.telegram.org https://*.telegram.org`,
  });
  app.get('/', (_req, res) => res.redirect('/admin/'));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}

/** Browsers may call /api from the configured origins only; by default the product's own public origin. `*` must be asked for. */
export function corsOrigins(config: Pick<ApiConfig, 'CORS_ORIGINS' | 'PUBLIC_URL' | 'PORT'>): true | string[] {
  if (config.CORS_ORIGINS?.trim() === '*') return true;
  if (config.CORS_ORIGINS)
    return config.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean);
  return [originOf(config.PUBLIC_URL) ?? `http://localhost:${config.PORT}`];
}
