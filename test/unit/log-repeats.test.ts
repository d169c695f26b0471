import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createRepeatFilter } from '../../src/log-repeats.js';

function memoryLogger(windowMs: number) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'info', base: undefined, timestamp: false, hooks: { logMethod: createRepeatFilter(windowMs) } }, stream);
  return { logger, lines };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('repeated identical warnings and errors', () => {
  it('are logged once, then once more with their count when the window ends', async () => {
    const { logger, lines } = memoryLogger(200);
    for (let i = 0; i < 380; i++) logger.error({ err: 'OOM command not allowed' }, 'poll worker error');
    logger.warn({ err: 'OOM command not allowed' }, 'console sink: retrying after an error');
    expect(lines).toEqual([
      { level: 50, err: 'OOM command not allowed', msg: 'poll worker error' },
      { level: 40, err: 'OOM command not allowed', msg: 'console sink: retrying after an error' },
    ]);
    await wait(300);
    expect(lines[2]).toEqual({ level: 50, err: 'OOM command not allowed', repeated: 379, windowSeconds: 0.2, msg: 'poll worker error (repeated 379 times)' });
    expect(lines).toHaveLength(3); // the warning was not repeated: no count line for it
    // A new window: the next repeat is counted again, not logged at once.
    logger.error({ err: 'OOM command not allowed' }, 'poll worker error');
    expect(lines).toHaveLength(3);
    await wait(300);
    expect(lines[3]).toMatchObject({ repeated: 1, msg: 'poll worker error (repeated 1 times)' });
    // A quiet window ends the episode: the same error later is logged at once.
    await wait(300);
    logger.error({ err: 'OOM command not allowed' }, 'poll worker error');
    expect(lines[4]).toEqual({ level: 50, err: 'OOM command not allowed', msg: 'poll worker error' });
  });

  it('tells apart records that differ in a field, and leaves info lines alone', () => {
    const { logger, lines } = memoryLogger(10_000);
    logger.warn({ source: 'a' }, 'failed');
    logger.warn({ source: 'b' }, 'failed');
    logger.warn({ source: 'a' }, 'failed');
    logger.warn('plain text');
    logger.warn('plain text');
    for (let i = 0; i < 3; i++) logger.info({ source: 'a' }, 'unchanged');
    expect(lines.map((l) => `${String(l.source ?? '')}:${String(l.msg)}`)).toEqual(['a:failed', 'b:failed', ':plain text', 'a:unchanged', 'a:unchanged', 'a:unchanged']);
  });
});
