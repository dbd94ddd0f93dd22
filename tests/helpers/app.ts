/** huiju's HTTP app in the test process: a validated test config, and the app on a free port of 127.0.0.1. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';

/** The config a test wrote, validated as feeds.json is: a mistake in the test's own config throws at once. */
export function testConfig(raw: unknown): Config {
  const result = validateConfig(raw);
  if (!result.ok) throw new Error(`bad test config: ${JSON.stringify(result.problems)}`);
  return result.config;
}

export interface Listening {
  url: string;
  server: Server;
  /** Cuts the open keep-alive connections, then waits for the server to close. */
  close(): Promise<void>;
}

/** `handler` (createApp's express app, say) on a free port of 127.0.0.1. */
export async function listenLocally(handler: RequestListener): Promise<Listening> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
