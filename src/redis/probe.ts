import { connect } from 'node:net';

/** Where a Redis listens: a loopback TCP port or a Unix socket. */
export type RedisTarget = { port: number } | { path: string };

/** What a server said to PING and INFO server. */
export interface ProbeResult {
  /** True on +PONG; false on an error reply such as -LOADING (a Redis, but not ready yet). */
  pong: boolean;
  /** `process_id` from INFO server, or null when INFO did not give one. */
  processId: number | null;
}

/**
 * Sends PING and INFO server as raw RESP over one connection, with no client library and so no retry,
 * reconnection or offline queue. Resolves null when nothing answers, or not like Redis, within timeoutMs.
 */
export function probeRedis(target: RedisTarget, timeoutMs = 1_000): Promise<ProbeResult | null> {
  return new Promise((resolve) => {
    const socket = 'path' in target ? connect(target.path) : connect(target.port, '127.0.0.1');
    let data = Buffer.alloc(0);
    const finish = (result: ProbeResult | null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    socket.on('error', () => finish(null));
    socket.on('close', () => finish(parseReplies(data) ?? null));
    socket.on('connect', () => socket.write('*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n'));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const parsed = parseReplies(data);
      if (parsed !== undefined) finish(parsed);
    });
  });
}

/** The two replies, null when the bytes are not Redis, undefined while more bytes are needed. */
function parseReplies(data: Buffer): ProbeResult | null | undefined {
  const firstEnd = data.indexOf('\r\n');
  if (firstEnd < 0) return data.length > 512 ? null : undefined;
  const first = data.subarray(0, firstEnd).toString('latin1');
  if (first[0] !== '+' && first[0] !== '-') return null;
  const pong = first === '+PONG';
  const rest = data.subarray(firstEnd + 2);
  const headerEnd = rest.indexOf('\r\n');
  if (headerEnd < 0) return undefined;
  const header = rest.subarray(0, headerEnd).toString('latin1');
  if (header[0] === '-') return { pong, processId: null };
  if (header[0] !== '$') return null;
  const length = Number(header.slice(1));
  if (!Number.isInteger(length)) return null;
  if (length < 0) return { pong, processId: null };
  if (rest.length < headerEnd + 2 + length) return undefined;
  const info = rest.subarray(headerEnd + 2, headerEnd + 2 + length).toString('utf8');
  const match = /^process_id:(\d+)\r?$/m.exec(info);
  return { pong, processId: match?.[1] === undefined ? null : Number(match[1]) };
}
