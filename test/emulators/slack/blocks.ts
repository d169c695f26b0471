/**
 * Block Kit as chat.postMessage checks and stores it: the published per-block limits (not the whole schema),
 * and the normalisation Slack applies before storing (a `block_id` on every block, `verbatim` on mrkdwn text,
 * `emoji` on plain text).
 */

/** What a failed check answers: Slack's `invalid_blocks` shape with JSON-pointer messages. */
export type BlocksError = {
  ok: false;
  error: 'invalid_blocks' | 'invalid_blocks_format';
  errors?: string[];
  response_metadata?: { messages: string[] };
};

const KNOWN_TYPES = new Set([
  'section', 'header', 'divider', 'context', 'actions', 'image', 'rich_text', 'input', 'markdown', 'video', 'file', 'table',
]);
const MAX_BLOCKS = 50;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems of one text object, as `message [json-pointer:…]` strings. */
function textProblems(t: unknown, at: string, max: number, plainOnly = false): string[] {
  if (!isObj(t)) return [`must provide an object [json-pointer:${at}]`];
  if (t.type !== 'plain_text' && (plainOnly || t.type !== 'mrkdwn')) {
    return [`must be a valid enum value [json-pointer:${at}/type]`];
  }
  if (typeof t.text !== 'string' || t.text.length === 0) return [`must be more than 0 characters [json-pointer:${at}/text]`];
  if (t.text.length > max) return [`must be less than ${max + 1} characters [json-pointer:${at}/text]`];
  return [];
}

function blockProblems(b: unknown, at: string): string[] {
  if (!isObj(b) || typeof b.type !== 'string' || !KNOWN_TYPES.has(b.type)) {
    return [`must provide a valid block type [json-pointer:${at}]`];
  }
  const out: string[] = [];
  if (b.block_id !== undefined && (typeof b.block_id !== 'string' || b.block_id.length > 255)) {
    out.push(`must be less than 256 characters [json-pointer:${at}/block_id]`);
  }
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  switch (b.type) {
    case 'section':
      if (b.text === undefined && b.fields === undefined) out.push(`must provide either text or fields [json-pointer:${at}]`);
      if (b.text !== undefined) out.push(...textProblems(b.text, `${at}/text`, 3000));
      if (b.fields !== undefined) {
        const fields = list(b.fields);
        if (fields.length > 10) out.push(`must provide no more than 10 items [json-pointer:${at}/fields]`);
        fields.forEach((f, i) => out.push(...textProblems(f, `${at}/fields/${i}`, 2000)));
      }
      break;
    case 'header':
      out.push(...textProblems(b.text, `${at}/text`, 150, true));
      break;
    case 'context': {
      const elements = list(b.elements);
      if (elements.length === 0 || elements.length > 10) out.push(`must provide 1 to 10 items [json-pointer:${at}/elements]`);
      elements.forEach((e, i) => {
        if (isObj(e) && e.type !== 'image') out.push(...textProblems(e, `${at}/elements/${i}`, 3000));
      });
      break;
    }
    case 'actions': {
      const n = list(b.elements).length;
      if (n === 0 || n > 25) out.push(`must provide 1 to 25 items [json-pointer:${at}/elements]`);
      break;
    }
    case 'markdown':
      if (typeof b.text !== 'string' || b.text.length === 0 || b.text.length > 12000) {
        out.push(`must be 1 to 12000 characters [json-pointer:${at}/text]`);
      }
      break;
  }
  return out;
}

/** Fills in what Slack adds when it stores a message, without touching the caller's objects. */
function normalise(value: unknown, top: boolean, ids: () => string): unknown {
  if (Array.isArray(value)) return value.map((v) => normalise(v, false, ids));
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) out[k] = normalise(v, false, ids);
  if (out.type === 'mrkdwn' && typeof out.text === 'string' && out.verbatim === undefined) out.verbatim = false;
  if (out.type === 'plain_text' && typeof out.text === 'string' && out.emoji === undefined) out.emoji = true;
  if (top && out.block_id === undefined) out.block_id = ids();
  return out;
}

/**
 * Checks `blocks` (already JSON-decoded, or the raw string when decoding failed) and returns the blocks as
 * Slack would store them, `undefined` for no blocks, or the error Slack answers.
 */
export function checkBlocks(blocks: unknown, ids: () => string): { blocks: unknown[] | undefined } | BlocksError {
  if (blocks === undefined || blocks === '') return { blocks: undefined };
  if (!Array.isArray(blocks)) return { ok: false, error: 'invalid_blocks_format' };
  if (blocks.length === 0) return { blocks: undefined };
  const problems: string[] = [];
  if (blocks.length > MAX_BLOCKS) problems.push(`must provide no more than ${MAX_BLOCKS} items [json-pointer:/blocks]`);
  const seen = new Set<unknown>();
  blocks.forEach((b, i) => {
    problems.push(...blockProblems(b, `/blocks/${i}`));
    const id = isObj(b) ? b.block_id : undefined;
    if (id === undefined) return;
    if (seen.has(id)) problems.push(`duplicate block_id [json-pointer:/blocks/${i}/block_id]`);
    seen.add(id);
  });
  if (problems.length > 0) {
    return { ok: false, error: 'invalid_blocks', errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
  }
  return { blocks: blocks.map((b) => normalise(b, true, ids)) };
}
