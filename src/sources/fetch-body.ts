import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { brotliDecompress, gunzip, inflate, inflateRaw, type ZlibOptions } from 'node:zlib';

/** Hex SHA-256 of a body, as stored in `Validators.bodyHash`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The body exceeded the cap; the fetcher turns it into a permanent FetchError. */
export class TooLargeError extends Error {
  override readonly name = 'TooLargeError';
}

/** A Content-Encoding we cannot undo, or a body that does not decode; permanent for the fetcher. */
export class ContentEncodingError extends Error {
  override readonly name = 'ContentEncodingError';
}

/**
 * Reads a response body into one buffer, refusing more than `maxBytes`. On overflow it stops at once and
 * destroys the stream, which makes undici abort the request and close the socket: a server that lies
 * about (or omits) Content-Length sends us a few socket buffers, never the whole body.
 */
export async function readCapped(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw new TooLargeError(`body over ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } finally {
    // Leaving the loop early already destroys the stream; this covers a stream that errored before it.
    if (!body.readableEnded) body.destroy();
  }
  return Buffer.concat(chunks, total);
}

type Decoder = (bytes: Buffer, options: ZlibOptions, done: (err: Error | null, out: Buffer) => void) => void;

/** "deflate" is zlib-wrapped per RFC 9110, but some servers send raw deflate: the first byte tells. */
const inflateEither: Decoder = (bytes, options, done) =>
  ((bytes[0] ?? 0) & 0x0f) === 0x08 ? inflate(bytes, options, done) : inflateRaw(bytes, options, done);

const DECODERS: Record<string, Decoder> = {
  gzip: gunzip,
  'x-gzip': gunzip,
  deflate: inflateEither,
  br: brotliDecompress,
};

/**
 * Undoes Content-Encoding (gzip, deflate, br; several codings are undone last first), holding the
 * decoded size to `maxBytes` as well, so a small compressed bomb cannot fill memory. The decoding
 * runs on libuv's thread pool. An unknown coding or a corrupt body is a ContentEncodingError.
 */
export async function decodeBody(bytes: Buffer, contentEncoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  let out = bytes;
  for (const coding of codings.reverse()) {
    const decoder = DECODERS[coding];
    if (decoder === undefined) throw new ContentEncodingError(`unsupported Content-Encoding ${coding}`);
    out = await new Promise<Buffer>((resolve, reject) =>
      decoder(out, { maxOutputLength: maxBytes }, (err, result) => {
        if (err === null) resolve(result);
        else if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') reject(new TooLargeError(`decoded body over ${maxBytes} bytes`));
        else reject(new ContentEncodingError(`undecodable ${coding} body: ${err.message}`));
      }),
    );
  }
  return out;
}
