#!/usr/bin/env node
// Creates a new tool feature from templates/tool/: src/<name>/<name>.tools.ts,
// <name>.resources.ts, <name>.module.ts and <name>.tools.spec.ts (a spec using the
// testing module), then prints the line to add to AppModule.
// Usage: npm run new:tool -- <kebab-case-name> [--out <dir>]   (default dir: src/)
// The template is a working "widget" feature: every `Widget`/`widget`/`widget_` in it
// becomes the new name, and imports of ../../src/ are pointed at this checkout's src/.
'use strict';
const { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve, sep } = require('node:path');

const ROOT = join(__dirname, '..');
const TEMPLATE_DIR = join(ROOT, 'templates', 'tool');
const SRC = join(ROOT, 'src');
const TEMPLATE_NAME = 'widget';
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function parseArgs(argv) {
  const args = { name: undefined, out: SRC };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') args.out = resolve(argv[++i] ?? '');
    else if (argv[i] === '--help' || argv[i] === '-h') args.help = true;
    else if (!args.name) args.name = argv[i];
    else throw new Error(`unexpected argument: ${argv[i]}`);
  }
  return args;
}

function names(kebab) {
  const parts = kebab.split('-');
  const pascal = parts.map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  const camel = pascal[0].toLowerCase() + pascal.slice(1);
  return { kebab, pascal, camel, snake: parts.join('_'), upper: parts.join('_').toUpperCase() };
}

/** The template's text for the new name, with imports of the checkout's src/ made relative to `targetDir`. */
function render(text, n, targetDir) {
  let srcImport = relative(targetDir, SRC).split(sep).join('/');
  if (!srcImport.startsWith('.')) srcImport = `./${srcImport}`;
  return text
    .replace(/'\.\.\/\.\.\/src\//g, `'${srcImport}/`)
    .replace(/'\.\.\/\.\.\/src'/g, `'${srcImport}'`)
    .replace(/WIDGET/g, n.upper)
    .replace(/Widget/g, n.pascal)
    .replace(/widget_/g, `${n.snake}_`)
    .replace(/widget(?=[A-Z])/g, n.camel)
    .replace(/widgets:\/\//g, `${n.kebab}s://`)
    .replace(/widget/g, n.kebab);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help || !args.name) {
    console.log('usage: npm run new:tool -- <kebab-case-name> [--out <dir>]');
    process.exit(args.help ? 0 : 2);
  }
  if (!NAME.test(args.name) || args.name.length > 40) {
    console.error(`invalid name "${args.name}": use kebab-case, e.g. "inventory" or "order-lookup" (letters, digits, single dashes, max 40)`);
    process.exit(2);
  }
  const n = names(args.name);
  const targetDir = join(args.out, n.kebab);
  const files = readdirSync(TEMPLATE_DIR).filter((f) => f.startsWith(`${TEMPLATE_NAME}.`) && f.endsWith('.ts'));
  const outputs = files.map((f) => [join(targetDir, f.replace(TEMPLATE_NAME, n.kebab)), readFileSync(join(TEMPLATE_DIR, f), 'utf8')]);
  const existing = outputs.filter(([path]) => existsSync(path));
  if (existing.length) {
    console.error(`refusing to overwrite: ${existing.map(([p]) => relative(process.cwd(), p)).join(', ')}`);
    process.exit(1);
  }
  mkdirSync(targetDir, { recursive: true });
  for (const [path, text] of outputs) {
    writeFileSync(path, render(text, n, dirname(path)));
    console.log(`created ${relative(process.cwd(), path)}`);
  }
  const moduleImport = relative(SRC, join(targetDir, `${n.kebab}.module`)).split(sep).join('/');
  console.log('');
  console.log(`Add ${n.pascal}Module to the imports of AppModule (src/app.module.ts):`);
  console.log(`  import { ${n.pascal}Module } from '${moduleImport.startsWith('.') ? '' : './'}${moduleImport}';`);
}

main();
