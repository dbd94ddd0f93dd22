import { createServer, type RequestListener, type Server } from 'node:http';
import { explainClientErrors } from './client-errors.ts';

/** Why the server could not listen, as a sentence an operator can act on. */
export function listenErrorMessage(err: NodeJS.ErrnoException, host: string, port: number): string {
  switch (err.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use: stop whatever holds it, or choose another port with --port (env PORT)`;
    case 'EACCES':
      return `no permission to listen on port ${port} on ${host}: ports below 1024 need privileges; choose one above 1023 with --port (env PORT)`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${host}: this machine has no such address; use --host 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot listen on ${host}: no such host; give --host an address this machine has, such as 127.0.0.1 or 0.0.0.0`;
    default:
      return `cannot listen on ${host}:${port}: ${err.message}`;
  }
}

/** The HTTP server could not start listening: huiju serve stops with this message. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
  readonly code: string | undefined;
  constructor(cause: NodeJS.ErrnoException, host: string, port: number) {
    super(listenErrorMessage(cause, host, port), { cause });
    this.code = cause.code;
  }
}

/** Listen, or reject with a ListenError (express's app.listen hands the error to a callback that ignores it). */
export function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(new ListenError(err, host, port));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/**
 * An HTTP server for `handler`, listening, with the limits every huiju server keeps; `port` 0 asks the system for one,
 * and the port it got is returned. Rejects with a ListenError, having opened nothing.
 */
export async function startHttpServer(handler: RequestListener, host: string, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  // A client that trickles its request must not hold a connection (and a slot) forever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await listen(server, host, port);
  explainClientErrors(server);
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : port };
}
