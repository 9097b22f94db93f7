"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.runSchemaEngineInProcess = runSchemaEngineInProcess;
const promises_1 = require("node:fs/promises");
const adapter_pg_1 = require("@prisma/adapter-pg");
const driver_adapter_utils_1 = require("@prisma/driver-adapter-utils");
const esm_import_1 = require("./esm-import");
let bindings;
/**
 * Prisma's schema engine (the migration engine behind `prisma migrate`) compiled to WebAssembly.
 * Node cannot `import` a `.wasm` file, so we instantiate it ourselves with the package's JS glue
 * as its import object, exactly as the package's own entry point would. Loaded once.
 */
function loadBindings() {
    bindings ??= (async () => {
        const glue = await (0, esm_import_1.importEsm)('@prisma/schema-engine-wasm/schema_engine_bg');
        const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
        const { instance } = await WebAssembly.instantiate(await (0, promises_1.readFile)(wasmPath), {
            './schema_engine_bg.js': glue,
        });
        glue.__wbg_set_wasm(instance.exports);
        instance.exports.__wbindgen_start();
        return glue;
    })();
    bindings.catch(() => (bindings = undefined));
    return bindings;
}
/**
 * A driver-adapter factory for the engine. It must be the unconnected factory (the engine
 * connects itself); we keep the adapters it opens so their pools are closed afterwards.
 */
function trackedAdapterFactory(databaseUrl) {
    // allowExitOnIdle: pg-pool leaves 10 s idle timers behind even after pool.end(); unref them
    // so a short-lived process (the migrate CLI, the Jest child) exits as soon as it is done.
    const factory = new adapter_pg_1.PrismaPg({ connectionString: databaseUrl, max: 2, allowExitOnIdle: true });
    const opened = [];
    const track = (adapter) => {
        runScriptsWhole(adapter);
        opened.push(adapter);
        return adapter;
    };
    const connect = factory.connect.bind(factory);
    const connectToShadowDb = factory.connectToShadowDb.bind(factory);
    factory.connect = async () => track(await connect());
    factory.connectToShadowDb = async () => track(await connectToShadowDb());
    const disposeAll = () => Promise.allSettled(opened.map((a) => a.dispose())).then(() => undefined);
    return { adapter: (0, driver_adapter_utils_1.bindMigrationAwareSqlAdapterFactory)(factory), disposeAll };
}
/**
 * The pg adapter's `executeScript` splits a script on every `;` and runs the pieces one by one:
 * that breaks PL/pgSQL bodies and string literals containing `;`, and makes a migration
 * non-atomic. The native engine sends a migration script as one simple-protocol query, which
 * PostgreSQL runs as a single implicit transaction; we do the same.
 */
function runScriptsWhole(adapter) {
    const toDriverError = adapter.onError.bind(adapter);
    adapter.executeScript = async (script) => {
        try {
            await adapter.underlyingDriver().query(script);
        }
        catch (error) {
            toDriverError(error);
        }
    };
}
/** Runs one schema-engine command in this process. Needs a runtime that can `import()` ESM. */
async function runSchemaEngineInProcess(call) {
    const glue = await loadBindings();
    const { adapter, disposeAll } = trackedAdapterFactory(call.databaseUrl);
    const logs = [];
    let engine;
    try {
        engine = await glue.SchemaEngine.new({ datamodels: call.datamodels }, (line) => logs.push(line), adapter);
        const method = engine[call.command];
        return await method.call(engine, call.input);
    }
    catch (error) {
        throw new Error(`Schema engine ${call.command} failed: ${describeEngineError(error)}`);
    }
    finally {
        engine?.free();
        await disposeAll();
    }
}
function describeEngineError(error) {
    if (error instanceof Error)
        return error.message;
    if (typeof error === 'object' && error !== null) {
        const e = error;
        if (typeof e.message === 'string')
            return e.error_code ? `${e.error_code}: ${e.message}` : e.message;
        return JSON.stringify(error);
    }
    return String(error);
}
//# sourceMappingURL=schema-engine.js.map