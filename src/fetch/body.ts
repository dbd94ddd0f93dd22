import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import { decodersFor } from './decompress.ts';
import { FetchError, tooLarge } from './errors.ts';

/**
 * Reads a response body, decompressed, into memory; aborts the stream the moment the decompressed size passes
 * maxBytes, so neither an endless body nor a zip bomb is ever held whole.
 */
export async function readCappedBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  const encoded = res.headers['content-encoding'] !== undefined;
  if (!encoded && Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge(maxBytes);
  }
  const decoders = decodersFor(res.headers['content-encoding']);
  const source: Readable = decoders.length === 0 ? res : (pipeline([res, ...decoders], () => {}) as unknown as Readable);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof FetchError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code === 'ERR__ERROR_FORMAT_PADDING_1') {
      throw new FetchError('bad-response', `could not decompress the ${res.headers['content-encoding']} body`, {
        cause: err,
      });
    }
    throw err;
  } finally {
    res.destroy();
    for (const d of decoders) d.destroy();
  }
  return Buffer.concat(chunks, total);
}
