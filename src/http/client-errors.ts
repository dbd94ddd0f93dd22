import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Answer requests Node's HTTP parser rejects before express sees them with a status and a JSON error that says why,
 * like every other bad request here. Left to Node, they get a bare `400` with no body. The common one is a search
 * typed straight into curl, `curl http://…/feed.json?q=具身智能`: curl sends the UTF-8 bytes as they are, and Node
 * refuses a request line that is not ASCII (browsers and feed readers percent-encode it for you).
 */
export function explainClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // The client is gone, or a response is already under way: nothing can be said.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, message] = explain(err.code);
    const body = JSON.stringify({ error: message });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

function explain(code: string | undefined): [number, string] {
  switch (code) {
    case 'HPE_INVALID_URL':
      return [
        400,
        'the URL has characters that must be percent-encoded, such as Chinese text in a query: ' +
          "with curl, use -G --data-urlencode 'q=具身智能'",
      ];
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'the request headers are too large'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'the request took too long to arrive'];
    default:
      return [400, 'the request is not well-formed HTTP'];
  }
}
