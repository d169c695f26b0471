import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { Ajv } from 'ajv';

/**
 * Offline checks of the deployment files (docker-compose.yml, Dockerfile, .dockerignore). Each takes the
 * file's text, so a test can feed it a broken copy and see the check fail. Each returns its problems, one
 * line each; none means the file passes.
 */

const require = createRequire(import.meta.url);
const composeverter = require('composeverter') as { getDockerComposeSchemaWithoutFormats(): object };
// The YAML parser composeverter itself depends on, resolved from there (it is not a dependency of ours).
const yaml = createRequire(require.resolve('composeverter'))('yaml') as { parse(src: string, opts: { merge: boolean }): unknown };

/**
 * The Compose Specification schema bundled with composeverter, with ajv 8. composeverter's own
 * `validateDockerComposeToCommonSpec` cannot be used as is: it parses numbers as BigInt (so `retries: 10`
 * "must be number") and ignores `<<` merge keys, which Compose honours. Its schema replaces each `format`
 * with a `pattern` written as a regex literal (`/^…$/`), which is unwrapped here.
 */
const composeSchema: object = JSON.parse(JSON.stringify(composeverter.getDockerComposeSchemaWithoutFormats()), (key, value: unknown) =>
  key === 'pattern' && typeof value === 'string' ? value.replace(/^\/(.*)\/[a-z]*$/s, '$1') : value,
);
const validateSchema = new Ajv({ allErrors: true, strict: false }).compile(composeSchema);

/** A Compose file as Compose reads it: YAML with merge keys resolved. */
export function parseCompose(text: string): unknown {
  return yaml.parse(text, { merge: true });
}

/** Schema problems of a Compose file, as `path: message`; an unknown key names itself. */
export function composeSchemaProblems(text: string): string[] {
  let doc: unknown;
  try {
    doc = parseCompose(text);
  } catch (err) {
    return [`not YAML: ${(err as Error).message.split('\n')[0]}`];
  }
  if (validateSchema(doc)) return [];
  return (validateSchema.errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : '';
    return `${e.instancePath}${extra}: ${e.message ?? e.keyword}`;
  });
}

interface Service {
  image?: string;
  build?: string | { context: string };
  command?: string | string[] | null;
  depends_on?: string[] | Record<string, { condition: string }>;
  deploy?: { replicas?: number } | null;
  restart?: string;
  stop_grace_period?: string;
  ports?: Array<string | number | { target?: number }>;
  healthcheck?: { test?: string | string[] };
  environment?: Record<string, unknown>;
}

const words = (command: Service['command']): string[] => (Array.isArray(command) ? command : (command ?? '').split(/\s+/).filter(Boolean));

/** Compose durations: `1m30s`, `45s`, `500ms`. */
/**
 * The environment the x-tracker services get when none of the variables is set in the shell or ./.env: each
 * `${VAR:-default}` (or `${VAR-default}`, `${VAR}`) becomes its default, as Compose interpolates it.
 */
const interpolated = (v: unknown): string => String(v ?? '').replace(/\$\{[A-Z0-9_]+(?::?-([^}]*))?\}/g, (_, def: string | undefined) => def ?? '');

export function composeEnvironment(text: string): Record<string, string> {
  const doc = parseCompose(text) as { 'x-tracker'?: { environment?: Record<string, unknown> } };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc['x-tracker']?.environment ?? {})) {
    out[k] = interpolated(v);
  }
  return out;
}

export function durationMs(text: string): number {
  const unit: Record<string, number> = { us: 0.001, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  return [...text.matchAll(/(\d+)(us|ms|s|m|h)/g)].reduce((sum, [, n, u]) => sum + Number(n) * unit[u!]!, 0);
}

export interface ComposeExpectations {
  /** The roles `start --role` accepts (`all` excluded: the compose file runs one service per role). */
  roles: readonly string[];
  /** The tracker's own shutdown limit: Docker must wait longer before SIGKILL. */
  shutdownLimitMs: number;
  /** The port the web role listens on (HTTP_PORT's default). */
  httpPort: number;
}

/** What the deployment relies on beyond the schema: roles, Redis durability, start order, scaling, shutdown. */
export function composeProblems(text: string, expect: ComposeExpectations): string[] {
  const schema = composeSchemaProblems(text);
  if (schema.length > 0) return schema.map((p) => `schema: ${p}`);
  const services = (parseCompose(text) as { services?: Record<string, Service> }).services ?? {};
  const problems: string[] = [];
  const redis = services.redis;
  if (!redis) problems.push('no redis service');
  else {
    const args = words(redis.command).join(' ');
    if (!/--appendonly yes\b/.test(args)) problems.push('redis: --appendonly yes missing');
    if (!/--maxmemory-policy noeviction\b/.test(args)) problems.push('redis: --maxmemory-policy noeviction missing');
    if (!redis.healthcheck?.test) problems.push('redis: no healthcheck');
  }
  const app = Object.entries(services).filter(([name]) => name !== 'redis');
  const byRole = new Map<string, string>();
  for (const [name, s] of app) {
    const [command, flag, role, ...rest] = words(s.command);
    if (command !== 'start' || flag !== '--role' || rest.length > 0) problems.push(`${name}: command is not "start --role <role>"`);
    else if (!role || !expect.roles.includes(role)) problems.push(`${name}: role "${role}" is not one the CLI accepts (${expect.roles.join(', ')})`);
    else byRole.set(role, name);
    const dep = Array.isArray(s.depends_on) ? undefined : s.depends_on?.redis;
    if (dep?.condition !== 'service_healthy') problems.push(`${name}: does not wait for redis to be healthy`);
    if (s.restart !== 'unless-stopped') problems.push(`${name}: restart is not unless-stopped`);
    const check = Array.isArray(s.healthcheck?.test) ? s.healthcheck.test.join(' ') : (s.healthcheck?.test ?? '');
    if (!check) problems.push(`${name}: no healthcheck`);
    else if (role && role !== 'web' && !check.includes(`health --role ${role}`)) problems.push(`${name}: healthcheck does not run "health --role ${role}"`);
    if (role !== 'web' && (s.ports ?? []).length > 0) problems.push(`${name}: publishes a port`);
    const grace = s.stop_grace_period ? durationMs(s.stop_grace_period) : 10_000;
    if (grace <= expect.shutdownLimitMs) problems.push(`${name}: stop_grace_period ${grace} ms is not above the ${expect.shutdownLimitMs} ms shutdown limit`);
  }
  for (const role of expect.roles) if (!byRole.has(role)) problems.push(`no service runs the ${role} role`);
  const worker = services[byRole.get('worker') ?? ''];
  if (worker && (worker.deploy?.replicas ?? 1) < 2) problems.push('worker: fewer than 2 replicas');
  const web = services[byRole.get('web') ?? ''];
  if (web) {
    const targets = (web.ports ?? []).map((p) => (typeof p === 'object' ? p.target : Number(String(p).split(':').pop())));
    if (!targets.includes(expect.httpPort)) problems.push(`web: port ${expect.httpPort} not published`);
    for (const t of targets.filter((t) => t !== expect.httpPort)) problems.push(`web: publishes port ${t} besides the public one`);
    // The operations endpoints must not be on the published port: OPS_PORT set (its default), and another port.
    const env = { ...composeEnvironment(text), ...Object.fromEntries(Object.entries(web.environment ?? {}).map(([k, v]) => [k, interpolated(v)])) };
    const opsPort = env.OPS_PORT ? Number(env.OPS_PORT) : undefined;
    if (opsPort === undefined || opsPort === expect.httpPort) problems.push('web: /readyz, /metrics and /admin/queues are served on the published port (set OPS_PORT)');
    else if (targets.includes(opsPort)) problems.push(`web: publishes the operations port ${opsPort}`);
    const test = Array.isArray(web.healthcheck?.test) ? web.healthcheck.test.join(' ') : (web.healthcheck?.test ?? '');
    if (!test.includes(`:${expect.httpPort}/healthz`)) problems.push('web: healthcheck does not call /healthz');
  }
  return problems;
}

/** One Dockerfile instruction, continuation lines joined, with the index of its build stage. */
export interface Instruction {
  keyword: string;
  args: string;
  stage: number;
  line: number;
}

export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  let stage = -1;
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) {
      const next = lines[++i]!.trim();
      // A comment or an empty line inside a continued instruction is dropped; the continuation goes on.
      if (next === '' || next.startsWith('#')) continue;
      line = `${line.slice(0, -1).trimEnd()} ${next}`;
    }
    line = line.replace(/\s*\\$/, '');
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/s.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') stage++;
    out.push({ keyword: keyword.toUpperCase(), args: args.trim(), stage, line: start + 1 });
  }
  return out;
}

/** An instruction's arguments: the JSON (exec) form, or words, with leading `--flag=value` options apart. */
export function instructionArgs(args: string): { flags: Record<string, string>; words: string[] } {
  const flags: Record<string, string> = {};
  let rest = args;
  for (let m = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(rest); m; m = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(rest)) {
    flags[m[1]!] = m[2] ?? 'true';
    rest = rest.slice(m[0].length);
  }
  if (rest.startsWith('[')) {
    try {
      return { flags, words: JSON.parse(rest) as string[] };
    } catch {
      // not JSON after all: the shell form
    }
  }
  return { flags, words: rest.split(/\s+/).filter(Boolean) };
}

/**
 * .dockerignore as Docker reads it: Go filepath.Match patterns plus `**`, cleaned of a leading `/`; a rule
 * applies to a path when it matches the path or one of its parent directories, and the last such rule decides
 * (a `!` rule re-includes).
 */
export function dockerignoreMatcher(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = posix.normalize((negate ? l.slice(1) : l).trim()).replace(/^\/+|\/+$/g, '');
      // Go's filepath.Match, as moby's patternmatcher translates it: `**/` any directories (or none), `**` anything.
      const source = pattern
        .split(/(\*\*\/?|\*|\?|\[[^\]]*\])/)
        .map((t, k) => (k % 2 === 0 ? t.replace(/[.+^${}()|\\]/g, '\\$&') : t === '**/' ? '(?:.*/)?' : t === '**' ? '.*' : t === '*' ? '[^/]*' : t === '?' ? '[^/]' : t.replace(/^\[!/, '[^')))
        .join('');
      return { negate, regex: new RegExp(`^${source}$`) };
    });
  // moby's MatchesOrParentMatches: each rule in order tests the path and each of its parent directories.
  return (path) => {
    const parts = posix.normalize(path).replace(/^\.\/|\/$/g, '').split('/');
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const r of rules) if (candidates.some((c) => r.regex.test(c))) excluded = !r.negate;
    return excluded;
  };
}

export interface DockerfileExpectations {
  /** The build context (the repository root). */
  root: string;
  dockerignore: string;
  /** The file `tsc -p tsconfig.build.json` compiles to the ENTRYPOINT's script, e.g. `src/cli.ts`. */
  entrySource: (entry: string) => string | undefined;
}

const SLIM_DEBIAN = /^(node:[\w.-]+-(bookworm|bullseye|trixie)-slim|debian:[\w.-]+-slim)(@sha256:[0-9a-f]{64})?$/;

/** Base images, COPY sources against the build context, the build command, the entry point, the user. */
export function dockerfileProblems(text: string, expect: DockerfileExpectations): string[] {
  const ins = parseDockerfile(text);
  const problems: string[] = [];
  const ignored = dockerignoreMatcher(expect.dockerignore);
  const stages = new Map<string, number>();
  const last = Math.max(...ins.map((i) => i.stage));
  for (const i of ins.filter((x) => x.keyword === 'FROM')) {
    const { words: w } = instructionArgs(i.args);
    const image = w[0] ?? '';
    if (!stages.has(image) && !SLIM_DEBIAN.test(image)) problems.push(`line ${i.line}: base image ${image} is not a Debian slim image`);
    if (w[1]?.toUpperCase() === 'AS' && w[2]) stages.set(w[2], i.stage);
  }
  for (const i of ins.filter((x) => x.keyword === 'COPY' || x.keyword === 'ADD')) {
    const { flags, words: w } = instructionArgs(i.args);
    if (flags.from) continue;
    for (const src of w.slice(0, -1)) {
      const found = contextFiles(expect.root, src);
      if (found.length === 0) problems.push(`line ${i.line}: COPY source ${src} does not exist`);
      else if (found.every(ignored)) problems.push(`line ${i.line}: COPY source ${src} is excluded by .dockerignore`);
    }
  }
  if (!ins.some((i) => i.keyword === 'RUN' && /\btsc -p tsconfig\.build\.json\b/.test(i.args))) problems.push('no RUN compiles with tsc -p tsconfig.build.json');
  const final = ins.filter((i) => i.stage === last);
  const installsProdOnly = (stage: number | undefined): boolean =>
    ins.some((i) => i.stage === stage && i.keyword === 'RUN' && /npm (ci|prune)\b[^&|;]*--omit=dev/.test(i.args));
  const prodDeps =
    installsProdOnly(last) ||
    final.some((i) => {
      const { flags, words: w } = instructionArgs(i.args);
      return i.keyword === 'COPY' && flags.from !== undefined && w.some((x) => x.endsWith('node_modules')) && installsProdOnly(stages.get(flags.from));
    });
  if (!prodDeps) problems.push('the final stage has dev dependencies (no npm ci --omit=dev, nor node_modules from a pruned stage)');
  const entry = final.filter((i) => i.keyword === 'ENTRYPOINT').pop();
  const entryWords = entry ? instructionArgs(entry.args).words : [];
  const script = entryWords[0] === 'node' ? entryWords[1] : undefined;
  if (!script) problems.push('the final stage has no ENTRYPOINT ["node", <script>]');
  else {
    const source = expect.entrySource(script);
    if (!source) problems.push(`ENTRYPOINT ${script} is not a file tsc -p tsconfig.build.json produces`);
    const copiesIt = final.some((i) => {
      const { flags, words: w } = instructionArgs(i.args);
      return i.keyword === 'COPY' && flags.from !== undefined && w.length === 2 && script.startsWith(`${posix.normalize(w[1]!).replace(/^\.\/|\/$/g, '')}/`);
    });
    if (!copiesIt) problems.push(`the final stage does not copy ${script}'s directory from the build stage`);
  }
  const user = final.filter((i) => i.keyword === 'USER').pop()?.args.split(':')[0];
  if (!user || user === 'root' || user === '0') problems.push('the final stage runs as root (no USER, or USER root)');
  return problems;
}

/** The repository files a COPY source names (a file, every file of a directory, or a `*` glob in one directory). */
function contextFiles(root: string, src: string): string[] {
  const rel = posix.normalize(src).replace(/^\.\/|\/$/g, '');
  if (/[*?[]/.test(rel)) {
    const dir = dirname(rel);
    const re = new RegExp(`^${posix.basename(rel).replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
    const base = join(root, dir);
    return existsSync(base) ? readdirSync(base).filter((f) => re.test(f)).map((f) => posix.join(dir, f)) : [];
  }
  const abs = join(root, rel);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [rel];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => posix.join(rel, posix.relative(abs, join(d.parentPath, d.name)).split('\\').join('/')));
}

/** Reads a repository file as text. */
export const readText = (root: string, path: string): string => readFileSync(join(root, path), 'utf8');

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'";]*?\bfrom\s*(['"])([^'"]+)\1|(?:^|\n)\s*import\s*(['"])([^'"]+)\3|\bimport\(\s*(['"])([^'"]+)\5\s*\)/g;

/**
 * Packages that compiled code imports but the runtime image does not have: the image keeps production
 * dependencies only, so a runtime import of a devDependency (or of a package only present transitively)
 * would fail in the container and nowhere else.
 */
export function runtimeImportProblems(files: ReadonlyArray<{ path: string; text: string }>, dependencies: readonly string[]): string[] {
  const problems: string[] = [];
  for (const { path, text } of files) {
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[2] ?? m[4] ?? m[6] ?? '';
      if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || builtinModules.includes(spec)) continue;
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      if (!dependencies.includes(pkg)) problems.push(`${path}: imports ${pkg}, which is not a production dependency`);
    }
  }
  return problems;
}
