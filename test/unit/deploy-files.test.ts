import { existsSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';
import {
  composeEnvironment,
  composeProblems,
  composeSchemaProblems,
  dockerfileProblems,
  dockerignoreMatcher,
  durationMs,
  parseDockerfile,
  readText,
  runtimeImportProblems,
  type ComposeExpectations,
  type DockerfileExpectations,
} from '../support/deploy-files.js';
import { ROOT, runCli } from '../support/run-cli.js';

const compose = readText(ROOT, 'docker-compose.yml');
const dockerfile = readText(ROOT, 'Dockerfile');
const dockerignore = readText(ROOT, '.dockerignore');

/** The text with one exact passage replaced; throws when the passage is not there (a test that tests nothing). */
function broken(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`passage not found: ${String(from)}`);
  return out;
}

let expectCompose: ComposeExpectations;

beforeAll(async () => {
  // The roles are asked of the CLI itself, which lists them when given one it does not know.
  const r = await runCli(['start', '--role', 'no-such-role']);
  expect(r.code).toBe(2);
  const roles = /\(roles: ([^)]+)\)/.exec(r.stderr)?.[1]?.split(', ');
  expect(roles).toContain('worker');
  const limit = /SHUTDOWN_LIMIT_MS = ([\d_]+)/.exec(readText(ROOT, 'src/cli/start.ts'))?.[1];
  expect(limit).toBeDefined();
  expectCompose = { roles: roles!.filter((x) => x !== 'all'), shutdownLimitMs: Number(limit!.replace(/_/g, '')), httpPort: loadConfig({}).HTTP_PORT };
});

describe('docker-compose.yml against the Compose Specification (composeverter schema, ajv 8)', () => {
  it('is valid', () => {
    expect(composeSchemaProblems(compose)).toEqual([]);
  });

  it('fails on a misspelled key, naming it', () => {
    expect(composeSchemaProblems(broken(compose, 'restart: unless-stopped', 'restrat: unless-stopped'))).toContainEqual(expect.stringContaining('/restrat'));
  });

  it('fails on a depends_on condition that does not exist', () => {
    const problems = composeSchemaProblems(broken(compose, /condition: service_healthy/, 'condition: service_ready'));
    expect(problems).toContainEqual(expect.stringMatching(/depends_on\/redis\/condition: must be equal to one of the allowed values/));
  });

  it('fails on a malformed duration and on YAML that does not parse', () => {
    expect(composeSchemaProblems(broken(compose, 'stop_grace_period: 45s', 'stop_grace_period: 45 seconds'))).toContainEqual(expect.stringContaining('stop_grace_period'));
    expect(composeSchemaProblems('services: [')).toEqual([expect.stringMatching(/^not YAML: /)]);
  });

  it('reads the shared settings through the x-tracker anchor, as Compose does', () => {
    expect(composeSchemaProblems(broken(compose, 'x-tracker: &tracker', 'tracker: &tracker'))).toContainEqual(expect.stringContaining('/tracker'));
  });
});

describe('docker-compose.yml runs what the tracker needs', () => {
  it('one service per role the CLI accepts, each waiting for a healthy Redis; Redis durable; workers replicated', () => {
    expect([...expectCompose.roles].sort()).toEqual(['bot', 'scheduler', 'web', 'worker']);
    expect(composeProblems(compose, expectCompose)).toEqual([]);
  });

  it.each([
    ['a role the CLI does not know', ['"--role", "worker"]', '"--role", "workers"]'], /worker: role "workers" is not one the CLI accepts/],
    ['a role without a service', ['"--role", "bot"]', '"--role", "web"]'], /no service runs the bot role/],
    ['a service started once Redis has merely started', ['condition: service_healthy', 'condition: service_started'], /scheduler: does not wait for redis to be healthy/],
    ['Redis without its append-only file', ['"--appendonly", "yes"', '"--appendonly", "no"'], /redis: --appendonly yes missing/],
    ['Redis that evicts keys', ['"noeviction"', '"allkeys-lru"'], /redis: --maxmemory-policy noeviction missing/],
    ['a single worker', ['replicas: 2', 'replicas: 1'], /worker: fewer than 2 replicas/],
    ['Docker killing the tracker before its own shutdown limit', ['stop_grace_period: 45s', 'stop_grace_period: 30s'], /stop_grace_period 30000 ms is not above the 30000 ms/],
    ['no restart policy', ['restart: unless-stopped\n  # Above', 'restart: "no"\n  # Above'], /web: restart is not unless-stopped/],
    ['the web port not published', ['"3000:3000"', '"8080:8080"'], /web: port 3000 not published/],
    ['a healthcheck on another path', ["3000/healthz'", "3000/health'"], /web: healthcheck does not call \/healthz/],
    ['the operations port published next to the public one', ['"3000:3000"', '"3000:3000"\n      - "9100:9100"'], /web: publishes port 9100 besides the public one/],
    ['/metrics and the dashboard on the published port', ['${OPS_PORT:-9100}', '${OPS_PORT:-}'], /web: \/readyz, \/metrics and \/admin\/queues are served on the published port/],
    ['a role whose healthcheck checks another role', ['"health", "--role", "worker"]', '"health", "--role", "scheduler"]'], /worker: healthcheck does not run "health --role worker"/],
    ['a role without a healthcheck', ['    healthcheck:\n      <<: *beat\n      test: ["CMD", "node", "dist/src/cli.js", "health", "--role", "bot"]\n', ''], /bot: no healthcheck/],
  ] as const)('fails on %s', (_, [from, to], problem) => {
    expect(composeProblems(broken(compose, from, to), expectCompose)).toContainEqual(expect.stringMatching(problem));
  });

  it('passes only variables the tracker reads, and their defaults (nothing set) make a valid configuration', () => {
    const env = composeEnvironment(compose);
    expect(Object.keys(env).filter((k) => !(CONFIG_VARIABLES as readonly string[]).includes(k))).toEqual([]);
    expect(Object.keys(env).length).toBeGreaterThan(20);
    expect(() => loadConfig(env)).not.toThrow();
    expect(() => loadConfig(composeEnvironment(broken(compose, '${FAILING_AFTER:-3}', '${FAILING_AFTER:-}')))).toThrow(/FAILING_AFTER/);
  });

  it('reads Compose durations', () => {
    expect([durationMs('45s'), durationMs('1m30s'), durationMs('500ms')]).toEqual([45_000, 90_000, 500]);
  });
});

/** `tsc -p tsconfig.build.json` turns `<rootDir>/<dir>/x.ts` into `<outDir>/<dir>/x.js` for each included dir. */
function buildOutputs(): DockerfileExpectations['entrySource'] {
  const base = JSON.parse(readText(ROOT, 'tsconfig.json')) as { compilerOptions: Record<string, string> };
  const build = JSON.parse(readText(ROOT, 'tsconfig.build.json')) as { extends: string; compilerOptions: Record<string, string>; include: string[] };
  expect(build.extends).toBe('./tsconfig.json');
  const { outDir, rootDir } = { ...base.compilerOptions, ...build.compilerOptions };
  return (entry) => {
    const rel = posix.relative(outDir!, posix.normalize(entry));
    if (rel.startsWith('..') || !rel.endsWith('.js')) return undefined;
    const source = posix.join(rootDir!, rel.replace(/\.js$/, '.ts'));
    const included = build.include.some((dir) => source.startsWith(`${posix.normalize(dir)}/`));
    return included && existsSync(join(ROOT, source)) ? source : undefined;
  };
}

describe('Dockerfile', () => {
  const expectDocker = (ignore = dockerignore): DockerfileExpectations => ({ root: ROOT, dockerignore: ignore, entrySource: buildOutputs() });

  it('builds with tsconfig.build.json, copies only what exists and is in the context, runs the compiled CLI as node', () => {
    expect(dockerfileProblems(dockerfile, expectDocker())).toEqual([]);
  });

  it('its ENTRYPOINT is src/cli.ts compiled, present in dist/ after npm run build', () => {
    const entry = parseDockerfile(dockerfile).filter((i) => i.keyword === 'ENTRYPOINT').pop();
    expect(entry?.args).toBe('["node", "dist/src/cli.js"]');
    expect(buildOutputs()('dist/src/cli.js')).toBe('src/cli.ts');
    expect(existsSync(join(ROOT, 'dist/src/cli.js'))).toBe(true);
  });

  it.each([
    ['a COPY source that does not exist', ['COPY feeds ./feeds', 'COPY feedz ./feeds'], /COPY source feedz does not exist/],
    ['an ENTRYPOINT tsc does not produce', ['dist/src/cli.js', 'dist/cli.js'], /ENTRYPOINT dist\/cli\.js is not a file tsc/],
    ['a build that ignores tsconfig.build.json', ['npx tsc -p tsconfig.build.json', 'npx tsc'], /no RUN compiles with tsc -p tsconfig\.build\.json/],
    ['dev dependencies left in the image', ['npm prune --omit=dev --ignore-scripts', 'true'], /the final stage has dev dependencies/],
    ['compiled code left out of the final stage', ['COPY --from=build /app/dist ./dist\n', ''], /does not copy dist\/src\/cli\.js's directory/],
    ['a base image that is not Debian slim', [/FROM node:20-bookworm-slim\n/, 'FROM node:20-alpine\n'], /base image node:20-alpine is not a Debian slim image/],
    ['a full Debian base image', [/FROM node:20-bookworm-slim AS build/, 'FROM node:20-bookworm AS build'], /base image node:20-bookworm is not/],
    ['a final stage running as root', ['USER node', 'USER root'], /the final stage runs as root/],
    ['no USER in the final stage', ['USER node\n', ''], /the final stage runs as root/],
  ] as const)('fails on %s', (_, [from, to], problem) => {
    expect(dockerfileProblems(broken(dockerfile, from, to), expectDocker())).toContainEqual(expect.stringMatching(problem));
  });

  it('fails on a COPY source that .dockerignore excludes, by name or by a pattern', () => {
    expect(dockerfileProblems(dockerfile, expectDocker(`${dockerignore}\nfeeds\n`))).toEqual([expect.stringMatching(/COPY source feeds is excluded by \.dockerignore/)]);
    expect(dockerfileProblems(dockerfile, expectDocker(`${dockerignore}\n.*\n`))).toEqual([expect.stringMatching(/COPY source \.npmrc is excluded/)]);
  });

  it('a USER set only in the build stage does not count', () => {
    const moved = broken(broken(dockerfile, 'USER node\n', ''), 'WORKDIR /app\nCOPY package.json package-lock.json', 'WORKDIR /app\nUSER node\nCOPY package.json package-lock.json');
    expect(dockerfileProblems(moved, expectDocker())).toContainEqual(expect.stringMatching(/runs as root/));
  });

  it('joins continuation lines and numbers stages', () => {
    const ins = parseDockerfile('FROM a AS b\nRUN one \\\n  # note\n  && two\nFROM c\nUSER node\n');
    expect(ins.map((i) => [i.keyword, i.args, i.stage, i.line])).toEqual([
      ['FROM', 'a AS b', 0, 1],
      ['RUN', 'one && two', 0, 2],
      ['FROM', 'c', 1, 5],
      ['USER', 'node', 1, 6],
    ]);
  });
});

describe('the runtime image has what the compiled code imports', () => {
  const dependencies = Object.keys((JSON.parse(readText(ROOT, 'package.json')) as { dependencies: Record<string, string> }).dependencies);
  const compiled = (): Array<{ path: string; text: string }> =>
    ['dist/src', 'dist/workers'].flatMap((d) =>
      readdirSync(join(ROOT, d), { recursive: true, encoding: 'utf8' })
        // Only files whose source still exists: dist/ may keep the output of a deleted one.
        .filter((f) => f.endsWith('.js') && existsSync(join(ROOT, d.slice('dist/'.length), f.replace(/\.js$/, '.ts'))))
        .map((f) => ({ path: `${d}/${f}`, text: readText(ROOT, `${d}/${f}`) })),
    );

  it('every package dist/ imports is a production dependency (what npm prune --omit=dev keeps)', () => {
    const files = compiled();
    expect(files.length).toBeGreaterThan(50);
    expect(files.map((f) => f.path)).toContain('dist/src/cli.js');
    expect(runtimeImportProblems(files, dependencies)).toEqual([]);
  });

  it('fails on a devDependency or a transitive package imported at run time, statically or dynamically', () => {
    const files = [
      { path: 'a.js', text: "import { parse } from 'yaml';\nimport x from './local.js';\nimport 'node:fs';" },
      { path: 'b.js', text: "export { v } from '@redocly/openapi-core/lib/x.js';\nconst m = await import('vitest');\nconst s = 'from \\'zod\\'';" },
    ];
    expect(runtimeImportProblems(files, dependencies)).toEqual([
      'a.js: imports yaml, which is not a production dependency',
      'b.js: imports @redocly/openapi-core, which is not a production dependency',
      'b.js: imports vitest, which is not a production dependency',
    ]);
  });
});

describe('.dockerignore', () => {
  it('keeps out what must not reach the image, keeps in what the build copies', () => {
    const ignored = dockerignoreMatcher(dockerignore);
    for (const p of ['node_modules/zod/package.json', 'dist/src/cli.js', 'data/redis.json', '.git/HEAD', '.env', '.env.local', 'test/unit/x.test.ts', 'scratch/a.mjs']) expect(ignored(p), p).toBe(true);
    for (const p of ['package.json', 'package-lock.json', '.npmrc', 'src/cli.ts', 'workers/runtime.ts', 'feeds/sources.json', 'tsconfig.build.json', '.env.example']) expect(ignored(p), p).toBe(false);
  });

  it('matches as Docker does: parent directories, globs, ** and ! exceptions, the last rule winning', () => {
    const ignored = dockerignoreMatcher('/logs\n**/*.tmp\nsrc/*.bak\n*.md\n!README.md\n');
    expect(['logs/a/b.txt', 'deep/x/y.tmp', 'z.tmp', 'src/a.bak', 'CHANGES.md'].map(ignored)).toEqual([true, true, true, true, true]);
    expect(['src/deep/a.bak', 'README.md', 'logsx', 'docs/a.md'].map(ignored)).toEqual([false, false, false, false]);
    const kept = dockerignoreMatcher('dist\n!dist/keep.txt\n');
    expect([kept('dist/keep.txt'), kept('dist/other.js')]).toEqual([false, true]);
  });
});
