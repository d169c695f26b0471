import { z } from 'zod';

/**
 * The only reader of process.env. Every variable is listed in .env.example; an invalid value stops the
 * process at boot with every problem listed, rather than failing later in a worker.
 */
const schema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Print stack traces of internal errors in the CLI. */
  DEBUG: z
    .string()
    .optional()
    .transform((v) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false'),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the environment; throws a ConfigError listing every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
