import type { RequestListener, Server } from 'node:http';
import { isTransientDbError } from '@crm/database';
import { ConfigError } from '../config/load.js';
import { createLogger, type Logger } from '../logger.js';
import { onParentExit } from '../parent-watch.js';
import { listenHttp, PortInUseError } from './listen.js';

/** What a process's `start` gets: its parsed config, its logger, and the hooks of its life. */
export interface ProcessShell<C> {
  readonly config: C;
  readonly logger: Logger;
  /** True from the first stop signal on: health checks answer 503 so balancers stop sending work. */
  readonly stopping: boolean;
  /** A health check: resolves 'ok' while serving, rejects once stopping (health then answers 503). */
  running(): Promise<'ok'>;
  /** Registers how to release a resource: released last-opened-first after draining, or when start fails. */
  onRelease(release: () => unknown): void;
  /**
   * Serves `handler` on `port`. A taken port stops the process with a message naming `variable`.
   * At shutdown the server takes no new connections first; the open ones are cut when the drain time is up.
   */
  listen(handler: RequestListener, port: number, variable: string, host?: string): Promise<Server>;
}

export interface ProcessOptions<C> {
  /** The logger's name and the process's name in its messages: api, bot, jobs. */
  name: string;
  /** Parses the environment; a ConfigError stops the process with its message (naming each variable). */
  loadConfig: () => C;
  logLevel?: (config: C) => string | undefined;
  /** How long work in flight may take after SIGTERM/SIGINT before connections are cut and resources released. */
  drainMs: number;
  /** Opens the process's resources and starts serving; `drain` waits for the work in flight at shutdown. */
  start: (shell: ProcessShell<C>) => Promise<{ drain?: () => Promise<unknown> } | void>;
  /** Exits the process (tests pass their own). */
  exit?: (code: number) => void;
}

/** Releasing resources after the drain must not take longer than this, or the process exits anyway. */
const RELEASE_MS = 10_000;

/**
 * The one shell of the api, bot and jobs processes: config, logger, start, unhandled errors, health
 * state and graceful shutdown, the same way in all three.
 *
 * - A bad configuration prints the message naming the variables and exits 1; a start that fails
 *   (a taken port, no database) releases what was opened and exits 1.
 * - SIGTERM, SIGINT and the parent's exit (npm start killed outright) stop it: servers take no new
 *   connections, `stopping` turns health to 503, work in flight drains for `drainMs`, open
 *   connections are cut, resources are released in reverse order, and it exits 0.
 * - An unhandled rejection, or an uncaught exception caused by a dropped database connection, is
 *   logged and the process keeps serving (the pools reconnect); any other uncaught exception leaves
 *   the process in an unknown state, so it stops gracefully and exits 1 (the supervisor restarts it).
 */
export async function runProcess<C>(options: ProcessOptions<C>): Promise<ProcessShell<C>> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let config: C;
  try {
    config = options.loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    exit(1);
    throw error;
  }
  const logger = createLogger(options.name, options.logLevel?.(config));
  const releases: Array<() => unknown> = [];
  const servers: Server[] = [];
  let drain: (() => Promise<unknown>) | undefined;
  let stopping = false;

  const shell: ProcessShell<C> = {
    config,
    logger,
    get stopping() {
      return stopping;
    },
    running: async () => {
      if (stopping) throw new Error('stopping');
      return 'ok';
    },
    onRelease: (release) => void releases.push(release),
    async listen(handler, port, variable, host) {
      const server = await listenHttp(handler, port, variable, host);
      servers.push(server);
      return server;
    },
  };

  async function releaseAll(): Promise<boolean> {
    let clean = true;
    for (const release of releases.splice(0).reverse()) {
      try {
        await release();
      } catch (error) {
        clean = false;
        logger.error({ err: error }, 'releasing a resource failed');
      }
    }
    return clean;
  }

  async function stop(reason: string, code = 0): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info({ signal: reason }, `shutting down: no new work, finishing what is in flight (up to ${options.drainMs} ms)`);
    const deadline = Date.now() + options.drainMs;
    // Whatever hangs past the drain and the release time, the process still ends.
    setTimeout(() => {
      logger.fatal('shutdown did not finish in time: exiting');
      exit(1);
    }, options.drainMs + RELEASE_MS).unref();
    const closed = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    for (const server of servers) server.closeIdleConnections();
    const drained = await within(
      deadline,
      drain?.().then(
        () => true,
        (error: unknown) => {
          logger.error({ err: error }, 'draining failed');
          return true;
        },
      ) ?? Promise.resolve(true),
    );
    if (!drained) logger.warn('drain time is up: stopping with work still in flight (it is retried after the restart)');
    if (
      !(await within(
        deadline,
        Promise.all(closed).then(() => true),
      ))
    ) {
      for (const server of servers) server.closeAllConnections();
      await Promise.all(closed);
    }
    const clean = await releaseAll();
    logger.info('stopped');
    exit(clean ? code : 1);
  }

  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled rejection (the process keeps running)');
  });
  process.on('uncaughtException', (error) => {
    if (isTransientDbError(error)) {
      logger.error({ err: error }, 'a database connection dropped (the process keeps running and reconnects)');
      return;
    }
    logger.fatal({ err: error }, 'uncaught exception: stopping');
    void stop('uncaughtException', 1);
  });

  // Watched from before the start: a process whose start hangs (a database that never answers) must not
  // outlive the supervisor either. Until the start is done there is no work to drain.
  let started = false;
  /** Set when the process was told to stop before its start was done: it then leaves with this code, whatever the start does. */
  let leaving: number | null = null;
  const leaveWhileStarting = (code: number) => {
    leaving = code;
    setTimeout(() => exit(code), RELEASE_MS).unref();
    void releaseAll().finally(() => exit(code));
  };
  onParentExit(() => {
    if (started) return void stop('parent exited');
    logger.warn('the parent process exited while this one was starting: exiting');
    leaveWhileStarting(1);
  });
  // Signals are taken from before the start too: a process may answer its health check before its
  // start is done, and a SIGTERM then must not kill it outright. Until the start is done there is no
  // work to drain, so it releases what it opened and exits 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (started) return void stop(signal);
      if (leaving !== null) return;
      logger.info({ signal }, 'stopped while starting: releasing what was opened');
      leaveWhileStarting(0);
    });
  }
  try {
    drain = (await options.start(shell))?.drain;
    started = true;
  } catch (error) {
    // A start cut short by being stopped fails as it may: that is not a failure to report.
    if (leaving !== null) return shell;
    if (error instanceof PortInUseError) {
      console.error(error.message);
      logger.fatal({ port: error.port }, error.message);
    } else {
      logger.fatal({ err: error }, `${options.name} process failed to start`);
    }
    for (const server of servers) server.close().closeAllConnections();
    await releaseAll();
    exit(1);
    throw error;
  }
  return shell;
}

/** Resolves with the promise's value, or `false` once the deadline has passed. */
function within<T>(deadline: number, promise: Promise<T>): Promise<T | false> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, timeUp]).finally(() => clearTimeout(timer));
}
