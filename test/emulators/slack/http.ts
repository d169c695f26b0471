/** HTTP plumbing of the fake: reading and decoding requests as Slack does, writing answers with Slack's headers. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Params Slack decodes from JSON when they arrive form-encoded. */
const JSON_PARAMS = new Set(['blocks', 'metadata', 'attachments']);
const MAX_BODY = 1 << 20;

/** The whole request body as UTF-8 (bodies over 1 MiB are truncated). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** What a request carried: params, the token and where it came from, or the decoding error Slack answers. */
export interface Decoded { params: Record<string, unknown>; token?: string; error?: 'invalid_json' | 'invalid_form_data' }

/**
 * Decodes form (JSON-valued `blocks`/`metadata`/`attachments` decoded), JSON, or a GET's query. A token is read
 * from `Authorization: Bearer`, else from a form or query `token` param; a JSON body's `token` is ignored, as in Slack.
 */
export function decode(req: IncomingMessage, raw: string, query: URLSearchParams): Decoded {
  const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  let params: Record<string, unknown> = {};
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(raw === '' ? '{}' : raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      params = { ...(parsed as Record<string, unknown>) };
    } catch {
      return { params: {}, ...(auth ? { token: auth } : {}), error: 'invalid_json' };
    }
    delete params.token;
    return { params, ...(auth ? { token: auth } : {}) };
  }
  if (raw !== '' && type !== 'application/x-www-form-urlencoded') return { params: {}, error: 'invalid_form_data' };
  for (const source of [query, new URLSearchParams(raw)]) {
    for (const [k, v] of source) {
      if (!JSON_PARAMS.has(k)) params[k] = v;
      else {
        try { params[k] = JSON.parse(v) as unknown; } catch { params[k] = v; }
      }
    }
  }
  const token = auth ?? (typeof params.token === 'string' ? params.token : undefined);
  delete params.token;
  return { params, ...(token ? { token } : {}) };
}

/** Writes a Web API answer with the headers WebClient reads (content type, scopes, Retry-After). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-slack-req-id': randomBytes(16).toString('hex'),
    'x-slack-backend': 'r',
    'x-content-type-options': 'nosniff',
    'access-control-allow-origin': '*',
    ...headers,
  });
  res.end(text);
}

/** Writes a plain answer (response URLs, HTTP faults). */
export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A delay that never keeps the process alive. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
