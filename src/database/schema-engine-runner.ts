import { spawn } from 'node:child_process';
import { extname, join } from 'node:path';
import { canImportEsm } from './esm-import';
import { runSchemaEngineInProcess, type SchemaEngineCall } from './schema-engine';

/**
 * Runs a schema-engine command: in this process when it can `import()` the engine's ESM
 * (plain Node: the app, the migrate CLI, Jest's globalSetup), otherwise in a child Node
 * process running the very same `schema-engine` module. The second case is Jest's test
 * sandbox, which rejects dynamic imports unless Node runs with --experimental-vm-modules.
 */
export async function runSchemaEngine<T>(call: SchemaEngineCall): Promise<T> {
  return (await canImportEsm()) ? runSchemaEngineInProcess<T>(call) : runInChildProcess<T>(call);
}

// The child loads schema-engine.js next to this file; under ts-jest that is the .ts source, so
// it is transpiled on require with the `typescript` package (a dev dependency, present in tests).
const CHILD_BOOTSTRAP = `
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const file = process.argv[1];
if (file.endsWith('.ts')) {
  const ts = createRequire(file)('typescript');
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  require.extensions['.ts'] = (module, filename) =>
    module._compile(ts.transpileModule(readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions }).outputText, filename);
}
let input = '';
process.stdin.setEncoding('utf8').on('data', (chunk) => (input += chunk)).on('end', async () => {
  let reply;
  try {
    reply = { ok: true, result: (await require(file).runSchemaEngineInProcess(JSON.parse(input))) ?? null };
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  // Exit explicitly: the engine leaves a 10 s timer pending after its work is done.
  process.stdout.write(JSON.stringify(reply), () => process.exit(0));
});
`;

type ChildReply<T> = { ok: true; result: T } | { ok: false; message: string };

function runInChildProcess<T>(call: SchemaEngineCall): Promise<T> {
  const engineModule = join(__dirname, `schema-engine${extname(__filename)}`);
  return new Promise<T>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD_BOOTSTRAP, engineModule], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      let reply: ChildReply<T>;
      try {
        reply = JSON.parse(stdout) as ChildReply<T>;
      } catch {
        reject(new Error(`Schema engine child process exited with code ${code}: ${stderr.trim() || stdout.trim()}`));
        return;
      }
      if (reply.ok) resolve(reply.result);
      else reject(new Error(reply.message));
    });
    child.stdin.end(JSON.stringify(call));
  });
}
