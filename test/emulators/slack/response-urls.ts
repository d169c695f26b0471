/** Response URLs: where a slash command's delayed replies are POSTed (JSON: text, blocks, response_type…). */
import type { ServerResponse } from 'node:http';
import type { Faults } from './faults.js';
import { sendText, sleep } from './http.js';
import type { Workspace } from './state.js';

/** Slack accepts 5 uses of a response URL (within 30 minutes; the time limit is not emulated). */
export const RESPONSE_URL_USES = 5;

/**
 * Answers one POST to a response URL: 400 `invalid_payload` for a body that is not a JSON object, 404 `used_url`
 * beyond 5 successful uses, 200 `ok` otherwise. Behaviours scripted for `'response_url'` apply (an `afterStore`
 * fault records the reply as delivered, then fails).
 */
export async function responseUrlPost(ws: Workspace, faults: Faults, id: string, res: ServerResponse, raw: string): Promise<void> {
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    body = parsed as Record<string, unknown>;
  } catch {
    return sendText(res, 400, 'invalid_payload');
  }
  const record = (status: number): void => {
    ws.responses.push({ id, body, at: Date.now(), status });
    ws.changed();
  };
  const used = ws.responses.filter((r) => r.id === id && r.status === 200).length >= RESPONSE_URL_USES;
  const b = faults.next('response_url');
  const fails = b !== undefined && (b.drop === true || b.http !== undefined || b.error !== undefined);
  if (b?.afterStore && !used) record(200);
  if (b?.delayMs) await sleep(b.delayMs);
  if (b?.drop) return void res.socket?.destroy();
  if (fails) {
    const status = b.http ?? 404;
    if (!b.afterStore) record(status);
    return sendText(res, status, b.error ?? (status >= 500 ? 'Internal Server Error' : 'error'));
  }
  if (used) {
    record(404);
    return sendText(res, 404, 'used_url');
  }
  if (!b?.afterStore) record(200);
  sendText(res, 200, 'ok', 'text/html');
}
