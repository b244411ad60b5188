import { createServer, type RequestListener, type Server } from 'node:http';

/** What to tell a person whose port is taken: which port, and which variable moves it. */
const portInUseMessage = (port: number, variable: string) => `port ${port} is in use — set ${variable}=<another port> (or stop the program using it)`;

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly variable: string,
  ) {
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
