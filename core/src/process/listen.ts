import { createServer, type RequestListener, type Server } from 'node:http';

/** What to tell a person whose port is taken: which port, and which variable moves it. */
export const portInUseMessage = (port: number, variable: string) =>
  `port ${port} is in use — set ${variable}=<another port> (or stop the program using it)`;

export class PortInUseError extends Error {
  constructor(readonly port: number, readonly variable: string) {
    super(portInUseMessage(port, variable));
    this.name = 'PortInUseError';
  }
}

/**
 * Starts an HTTP server and waits until it listens. A taken port becomes a PortInUseError naming the
 * variable to change, instead of an unhandled 'error' event.
 */
export function listenHttp(handler: RequestListener, port: number, variable: string, host?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, variable) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}

/**
 * listenHttp for a process's main server: a taken port is said plainly on stderr and in the log, the
 * process's connections are released, and the process exits 1. Any other listen error is thrown.
 */
export async function listenOrExit(
  handler: RequestListener, port: number, variable: string,
  { logger, release }: { logger: { fatal(data: object, message: string): void }; release: () => Promise<unknown>[] },
): Promise<Server> {
  try {
    return await listenHttp(handler, port, variable);
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    console.error(error.message);
    logger.fatal({ port }, error.message);
    await Promise.allSettled(release());
    process.exit(1);
  }
}
