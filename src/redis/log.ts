/** The part of a pino logger the launcher uses; pino's Logger satisfies it. */
export interface FieldLogger {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
}

/** A pino-like logger, or a plain line printer such as `(line) => console.error(line)`. */
export type RedisLog = FieldLogger | ((line: string) => void);

/** Lines get their fields appended as `key=value`, so both kinds of logger carry the same facts. */
export function toFieldLogger(log: RedisLog): FieldLogger {
  if (typeof log !== 'function') return log;
  const line = (fields: Record<string, unknown>, msg: string): void => {
    const extra = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    log([msg, ...extra].join(' '));
  };
  return { info: line, warn: line };
}
