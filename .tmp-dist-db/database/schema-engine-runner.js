"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.runSchemaEngine = runSchemaEngine;
const node_child_process_1 = require("node:child_process");
const node_path_1 = require("node:path");
const esm_import_1 = require("./esm-import");
const schema_engine_1 = require("./schema-engine");
/**
 * Runs a schema-engine command: in this process when it can `import()` the engine's ESM
 * (plain Node: the app, the migrate CLI, Jest's globalSetup), otherwise in a child Node
 * process running the very same `schema-engine` module. The second case is Jest's test
 * sandbox, which rejects dynamic imports unless Node runs with --experimental-vm-modules.
 */
async function runSchemaEngine(call) {
    return (await (0, esm_import_1.canImportEsm)()) ? (0, schema_engine_1.runSchemaEngineInProcess)(call) : runInChildProcess(call);
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
  process.stdout.write(JSON.stringify(reply));
});
`;
function runInChildProcess(call) {
    const engineModule = (0, node_path_1.join)(__dirname, `schema-engine${(0, node_path_1.extname)(__filename)}`);
    return new Promise((resolve, reject) => {
        const child = (0, node_child_process_1.spawn)(process.execPath, ['-e', CHILD_BOOTSTRAP, engineModule], {
            stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (code) => {
            let reply;
            try {
                reply = JSON.parse(stdout);
            }
            catch {
                reject(new Error(`Schema engine child process exited with code ${code}: ${stderr.trim() || stdout.trim()}`));
                return;
            }
            if (reply.ok)
                resolve(reply.result);
            else
                reject(new Error(reply.message));
        });
        child.stdin.end(JSON.stringify(call));
    });
}
//# sourceMappingURL=schema-engine-runner.js.map