/**
 * The comparison for feed serving: express.static serving one file, in its own process like `huiju serve`.
 * `node --import tsx bench/static-server.ts DIR` prints `{"port":N}` once listening on 127.0.0.1.
 */
import express from 'express';

const app = express();
app.use(express.static(process.argv[2]!));
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
});
