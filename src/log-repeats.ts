import type { LogFn, Logger } from 'pino';

/** Warnings and errors only: info lines are a narrative, and their repeats are the story (one per poll). */
const FROM_LEVEL = 40;
/** Distinct records followed at once; beyond, the oldest is forgotten (and its next repeat logged again). */
const MAX_KEYS = 500;

interface Seen {
  count: number;
  timer: NodeJS.Timeout;
}

/** A record's identity: its level and everything it says (fields and message), errors by their message. */
function keyOf(level: number, args: unknown[]): string {
  return `${level}:${JSON.stringify(args, (_k, v: unknown) => (v instanceof Error ? `${v.name}: ${v.message}` : v))}`;
}

/**
 * pino's `logMethod` hook that logs a warning or an error identical to one logged within the last `windowMs` only
 * once: the repeats are counted, and when the window ends one more line says how many there were (`repeated`),
 * then a new window starts. A loop failing on every turn (Redis refusing writes at maxmemory) writes two lines a
 * minute rather than hundreds a second. Repeats still pending when the process exits are not reported.
 */
export function createRepeatFilter(windowMs = 60_000): (this: Logger, args: Parameters<LogFn>, method: LogFn, level: number) => void {
  const seen = new Map<string, Seen>();
  return function logMethod(this: Logger, args, method, level) {
    if (level < FROM_LEVEL) return method.apply(this, args);
    const key = keyOf(level, args);
    const entry = seen.get(key);
    if (entry) {
      entry.count++;
      return;
    }
    method.apply(this, args);
    if (seen.size >= MAX_KEYS) {
      const [oldest, first] = seen.entries().next().value as [string, Seen];
      clearTimeout(first.timer);
      seen.delete(oldest);
    }
    const report = (): void => {
      const e = seen.get(key);
      if (!e) return;
      if (e.count === 0) {
        seen.delete(key);
        return;
      }
      const [first, second] = args as unknown[];
      const withFields = typeof first === 'object' && first !== null;
      const fields = withFields ? (first instanceof Error ? { err: first.message } : first) : {};
      const message = withFields ? (second ?? '') : first;
      method.apply(this, [{ ...fields, repeated: e.count, windowSeconds: windowMs / 1000 }, `${String(message)} (repeated ${e.count} times)`] as unknown as Parameters<LogFn>);
      e.count = 0;
      e.timer = setTimeout(report, windowMs).unref();
    };
    seen.set(key, { count: 0, timer: setTimeout(report, windowMs).unref() });
  };
}
