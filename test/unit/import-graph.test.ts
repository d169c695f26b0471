import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkImports, scanImports } from '../../scripts/check-imports.js';

const repo = process.cwd();
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runCheck(root?: string): { code: number | null; out: string } {
  const args = ['--import', 'tsx', 'scripts/check-imports.ts', ...(root === undefined ? [] : [root])];
  const run = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8' });
  return { code: run.status, out: run.stdout + run.stderr };
}

function tempTree(files: Record<string, string>, copyRepo = false): string {
  const root = mkdtempSync(join(tmpdir(), 'import-graph-'));
  temps.push(root);
  if (copyRepo) for (const dir of ['src', 'scripts']) cpSync(join(repo, dir), join(root, dir), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const real = (path: string): string => readFileSync(join(repo, path), 'utf8');
/** Core files the tests may rely on; events.ts imports offer.ts and news.ts (real edges). */
const coreFixture = (): Record<string, string> => ({
  'src/core/offer.ts': real('src/core/offer.ts'),
  'src/core/news.ts': real('src/core/news.ts'),
  'src/core/events.ts': real('src/core/events.ts'),
});

describe('import graph check on the repository', () => {
  it('passes on the real tree and says how much it saw', () => {
    const { code, out } = runCheck();
    expect(out).toMatch(/import graph: [1-9]\d* files, [1-9]\d* edges, no cycle, layering ok/);
    expect(code).toBe(0);
  });

  it('passes on a fresh tree of offer.ts, news.ts and events.ts, so the failures below come from what is planted', () => {
    const { code, out } = runCheck(tempTree(coreFixture()));
    expect(out).toContain('import graph: 3 files, 2 edges, no cycle, layering ok');
    expect(code).toBe(0);
  });
});

describe('import graph check fails on what it must refuse', () => {
  it('reports two new core files importing each other as a cycle', () => {
    const root = tempTree({
      'src/core/cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = () => b;\n",
      'src/core/cycle-b.ts': "import { a } from './cycle-a.js';\nexport const b = () => a;\n",
    }, true);
    const { code, out } = runCheck(root);
    expect(out).toContain('cycle: src/core/cycle-a.ts -> src/core/cycle-b.ts -> src/core/cycle-a.ts');
    expect(code).toBe(1);
  });

  it('reports a cycle through real modules when offer.ts imports events.ts back, type-only included', () => {
    const root = tempTree({}, true);
    const offer = join(root, 'src/core/offer.ts');
    writeFileSync(offer, `import type { OfferEvent } from './events.js';\n${readFileSync(offer, 'utf8')}`);
    const { code, out } = runCheck(root);
    expect(out).toContain('cycle: src/core/events.ts -> src/core/offer.ts -> src/core/events.ts');
    expect(code).toBe(1);
  });

  it('reports a cycle closed by a dynamic import', () => {
    const root = tempTree({
      ...coreFixture(),
      'src/core/lazy.ts': "export const load = () => import('./events.js');\n",
      'src/core/offer.ts': `import { load } from './lazy.js';\n${real('src/core/offer.ts')}`,
    });
    const { code, out } = runCheck(root);
    expect(out).toContain('cycle: src/core/events.ts -> src/core/offer.ts -> src/core/lazy.ts -> src/core/events.ts');
    expect(code).toBe(1);
  });

  it('refuses ioredis in src/core, naming the rule', () => {
    const root = tempTree({}, true);
    const offer = join(root, 'src/core/offer.ts');
    writeFileSync(offer, `import { Redis } from 'ioredis';\n${readFileSync(offer, 'utf8')}`);
    const { code, out } = runCheck(root);
    expect(out).toContain("layering [core-pure]: src/core/offer.ts imports 'ioredis'");
    expect(code).toBe(1);
  });

  it('refuses node:fs and a store module in src/core, but allows node:crypto and zod', () => {
    const root = tempTree({
      ...coreFixture(),
      'src/store/keys.ts': "export const key = 'k';\n",
      'src/core/pure.ts': [
        "import { createHash } from 'node:crypto';",
        "import { z } from 'zod';",
        "import type { Offer } from './offer.js';",
      ].join('\n'),
      'src/core/impure.ts': "import { readFileSync } from 'node:fs';\nimport { key } from '../store/keys.js';\n",
    });
    const { code, out } = runCheck(root);
    expect(out).toContain("layering [core-pure]: src/core/impure.ts imports 'node:fs'");
    expect(out).toContain("layering [core-pure]: src/core/impure.ts imports '../store/keys.js'");
    expect(out).not.toContain('src/core/pure.ts');
    expect(code).toBe(1);
  });

  it('refuses a platform importing another platform', () => {
    const root = tempTree({
      'src/platforms/discord/embed.ts': "export const embed = {};\n",
      'src/platforms/slack/blocks.ts': "import { embed } from '../discord/embed.js';\nexport const blocks = embed;\n",
    }, true);
    const { code, out } = runCheck(root);
    expect(out).toContain("layering [platforms-apart]: src/platforms/slack/blocks.ts imports '../discord/embed.js'");
    expect(code).toBe(1);
  });

  it('refuses commands importing a platform and src/ importing a worker', () => {
    const root = tempTree({
      ...coreFixture(),
      'src/platforms/slack/blocks.ts': "export const blocks = {};\n",
      'src/commands/list.ts': "import { blocks } from '../platforms/slack/blocks.js';\n",
      'workers/poll.worker.ts': "export const poll = 1;\n",
      'src/http/server.ts': "import { poll } from '../../workers/poll.worker.js';\n",
    });
    const { code, out } = runCheck(root);
    expect(out).toContain('layering [platform-neutral]: src/commands/list.ts');
    expect(out).toContain('layering [entry-points-on-top]: src/http/server.ts');
    expect(code).toBe(1);
  });

  it('fails on an empty tree rather than passing on nothing', () => {
    const { code, out } = runCheck(tempTree({}));
    expect(out).toContain('no files');
    expect(code).toBe(1);
  });

  it('fails on files without a single edge between them', () => {
    const root = tempTree({ 'src/core/a.ts': 'export const a = 1;\n', 'src/core/b.ts': 'export const b = 2;\n' });
    const { code, out } = runCheck(root);
    expect(out).toContain('no edges');
    expect(code).toBe(1);
  });
});

describe('import scanner', () => {
  it('finds multi-line, type-only, re-export and dynamic imports; none in comments, strings, regexes', () => {
    const source = [
      "// import { a } from './commented.js';",
      "/* import './block.js'; */",
      'const s = "import x from \'./in-string.js\'";',
      'const t = `import(\'./in-template.js\') ${s} import y from \'./in-template-2.js\'`;',
      "const re = /import z from '.\\/re.js'/;",
      'import {',
      '  alpha,',
      '  type Beta,',
      "} from './multi.js';",
      "import type { Gamma } from './types.js';",
      "import './side-effect.js';",
      "export * from './reexport.js';",
      "export type { Delta } from './types-reexport.js';",
      'export { s };',
      "const lazy = await import('./lazy.js');",
      'const later = import(`./template-literal.js`);',
      'const url = import.meta.url;',
      "obj.import('./method-call.js');",
    ].join('\n');
    expect(scanImports(source)).toEqual([
      { specifier: './multi.js', dynamic: false, typeOnly: false },
      { specifier: './types.js', dynamic: false, typeOnly: true },
      { specifier: './side-effect.js', dynamic: false, typeOnly: false },
      { specifier: './reexport.js', dynamic: false, typeOnly: false },
      { specifier: './types-reexport.js', dynamic: false, typeOnly: true },
      { specifier: './lazy.js', dynamic: true, typeOnly: false },
      { specifier: './template-literal.js', dynamic: true, typeOnly: false },
    ]);
  });

  it('turns a multi-line import and a dynamic import into graph edges', () => {
    const root = tempTree({
      'src/core/a.ts': "import {\n  b,\n} from './b.js';\n",
      'src/core/b.ts': "export const b = () => import('./dir/index.js');\n",
      'src/core/dir/index.ts': 'export const c = 1;\n',
    });
    expect(checkImports(root)).toMatchObject({ ok: true, files: 3, edges: 2 });
  });
});
