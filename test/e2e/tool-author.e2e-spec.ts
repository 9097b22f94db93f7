import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { createSwitchboardTestApp, type SwitchboardTestApp } from '../../src/testing';
import { WidgetModule } from '../../templates/tool/widget.module';

/**
 * docs/tools.md, executed: the template feature (the doc's main example) through the testing
 * module, the spec the generator writes (run here as it is), and the generator itself.
 */

// The template's own spec, exactly what `npm run new:tool` puts beside a new tool.
import '../../templates/tool/widget.tools.spec';

const ROOT = join(__dirname, '..', '..');

describe('docs/tools.md: progress, completion, prompts', () => {
  let app: SwitchboardTestApp;
  beforeAll(async () => {
    app = await createSwitchboardTestApp({ imports: [WidgetModule], scopes: ['widget:read', 'context:read'] });
  });
  afterAll(() => app?.close());

  it('reports progress to a caller that asked for it', async () => {
    const seen: number[] = [];
    await app.client.callTool({ name: 'widget_lookup', arguments: { id: 'W-2' } }, { onprogress: (p) => seen.push(p.progress) });
    expect(seen[0]).toBe(0); // later ones may be coalesced or overtaken by the result
  });

  it('completes resource template variables and prompt arguments', async () => {
    const resource = await app.client.complete({
      ref: { type: 'ref/resource', uri: 'widgets://{id}' },
      argument: { name: 'id', value: 'W-1' },
    });
    expect(resource.completion.values).toEqual(['W-1', 'W-10']);
    const prompt = await app.client.complete({
      ref: { type: 'ref/prompt', name: 'widget_report' },
      argument: { name: 'id', value: 'W-4' },
    });
    expect(prompt.completion.values).toEqual(['W-42']);
    const read = await app.client.readResource({ uri: 'widgets://W-42' });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toEqual({ id: 'W-42', label: 'Widget W-42' });
  });

  it('advertises input and output schemas built from the classes', async () => {
    const { tools } = await app.client.listTools();
    const lookup = tools.find((t) => t.name === 'widget_lookup')!;
    expect(lookup.inputSchema).toMatchObject({ type: 'object', required: ['id'], additionalProperties: false });
    expect(lookup.outputSchema).toMatchObject({ type: 'object', required: expect.arrayContaining(['id', 'label', 'lookups']) });
  });
});

describe('docs/tools.md', () => {
  it('shows the template files as they are (imports as in a generated feature)', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'tools.md'), 'utf8');
    for (const file of ['widget.tools.ts', 'widget.module.ts', 'widget.resources.ts', 'widget.tools.spec.ts']) {
      const text = readFileSync(join(ROOT, 'templates', 'tool', file), 'utf8')
        .trimEnd()
        .replace(/'\.\.\/\.\.\/src(\/|')/g, (_m, end: string) => (end === '/' ? "'../" : "'..'"));
      expect({ file, inDoc: doc.includes(text) }).toEqual({ file, inDoc: true });
    }
  });
});

describe('npm run new:tool', () => {
  // Inside the checkout (dist/ is git-ignored) so that node_modules resolve for the generated code.
  const out = mkdtempSync(join(ROOT, 'dist', '.tool-author-'));
  const run = (...args: string[]) => spawnSync('node', [join(ROOT, 'scripts', 'new-tool.js'), ...args], { encoding: 'utf8' });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('refuses a name that is not kebab-case', () => {
    const result = run('Stock_Level', '--out', out);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('kebab-case');
  });

  it('creates a feature that type-checks, serves its tools and prints the AppModule line; never overwrites', async () => {
    const result = run('stock-level', '--out', out);
    expect(result.status).toBe(0);
    const dir = join(out, 'stock-level');
    for (const file of ['stock-level.tools.ts', 'stock-level.module.ts', 'stock-level.tools.spec.ts', 'stock-level.resources.ts']) {
      expect(existsSync(join(dir, file))).toBe(true);
    }
    expect(result.stdout).toMatch(/import \{ StockLevelModule \} from '.*stock-level\/stock-level\.module';/);
    expect(readFileSync(join(dir, 'stock-level.tools.ts'), 'utf8')).toContain("name: 'stock_level_lookup'");

    expect(typeErrors(readdirTs(dir))).toEqual([]);

    const { StockLevelModule } = require(join(dir, 'stock-level.module')) as { StockLevelModule: new () => unknown };
    const app = await createSwitchboardTestApp({ imports: [StockLevelModule], scopes: ['stock-level:read', 'context:read'] });
    try {
      const lookup = await app.callTool('stock_level_lookup', { id: 'W-7' });
      expect(lookup.structuredContent).toEqual({ id: 'W-7', label: 'StockLevel W-7', lookups: 1 });
    } finally {
      await app.close();
    }

    const again = run('stock-level', '--out', out);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('refusing to overwrite');
  }, 120_000);
});

function readdirTs(dir: string): string[] {
  return execFileSync('ls', [dir], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** Type-checks files with the project's compiler options (what `npm run typecheck` would say of them). */
function typeErrors(files: string[]): string[] {
  const configPath = join(ROOT, 'tsconfig.json');
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, ROOT);
  const program = ts.createProgram([...files, join(ROOT, 'src', 'types', 'class-transformer-storage.d.ts')], {
    ...parsed.options,
    noEmit: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
