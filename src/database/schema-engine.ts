import { readFile } from 'node:fs/promises';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type * as WasmEngineModule from '@prisma/schema-engine-wasm' with { 'resolution-mode': 'import' };
import { importEsm } from './esm-import';

type WasmExports = Record<string, unknown>;
type EngineBindings = typeof WasmEngineModule & { __wbg_set_wasm(exports: WasmExports): void };

// Our lib settings (ES2022, no DOM) carry no WebAssembly typings; this is the part we use.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: WasmExports } }>;
};
type SchemaEngine = WasmEngineModule.SchemaEngine;

/** The engine methods we drive; the input and output types are those of `schema_engine.d.ts`. */
export type SchemaEngineCommand = 'applyMigrations' | 'diff' | 'diagnoseMigrationHistory';

export interface SchemaEngineCall {
  command: SchemaEngineCommand;
  /** The database the engine connects to (every command needs one, even a diff from empty). */
  databaseUrl: string;
  /** Prisma schema files as `[fileName, content]`, the engine's datamodels. */
  datamodels: [string, string][];
  input: unknown;
}

let bindings: Promise<EngineBindings> | undefined;

/**
 * Prisma's schema engine (the migration engine behind `prisma migrate`) compiled to WebAssembly.
 * Node cannot `import` a `.wasm` file, so we instantiate it ourselves with the package's JS glue
 * as its import object, exactly as the package's own entry point would. Loaded once.
 */
function loadBindings(): Promise<EngineBindings> {
  bindings ??= (async () => {
    const glue = await importEsm<EngineBindings>('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': glue,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  bindings.catch(() => (bindings = undefined));
  return bindings;
}

/**
 * A driver-adapter factory for the engine. It must be the unconnected factory (the engine
 * connects itself); we keep the adapters it opens so their pools are closed afterwards.
 */
function trackedAdapterFactory(databaseUrl: string) {
  // allowExitOnIdle: pg-pool leaves 10 s idle timers behind even after pool.end(); unref them.
  // (The engine itself also leaves a 10 s timer pending, so short-lived callers exit explicitly.)
  const factory = new PrismaPg({ connectionString: databaseUrl, max: 2, allowExitOnIdle: true });
  const opened: PgAdapter[] = [];
  const track = (adapter: PgAdapter): PgAdapter => {
    runScriptsWhole(adapter);
    opened.push(adapter);
    return adapter;
  };
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => track(await connect());
  factory.connectToShadowDb = async () => track(await connectToShadowDb());
  const disposeAll = () => Promise.allSettled(opened.map((a) => a.dispose())).then(() => undefined);
  return { adapter: bindMigrationAwareSqlAdapterFactory(factory), disposeAll };
}

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

/**
 * The pg adapter's `executeScript` splits a script on every `;` and runs the pieces one by one:
 * that breaks PL/pgSQL bodies and string literals containing `;`, and makes a migration
 * non-atomic. The native engine sends a migration script as one simple-protocol query, which
 * PostgreSQL runs as a single implicit transaction; we do the same.
 */
function runScriptsWhole(adapter: PgAdapter): void {
  const toDriverError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      toDriverError(error);
    }
  };
}

// The engine's log lines are tracing chatter ("Starting schema-engine-wasm"); failures reach us as errors.
const ignoreEngineLog = (): void => undefined;

/** Runs one schema-engine command in this process. Needs a runtime that can `import()` ESM. */
export async function runSchemaEngineInProcess<T>(call: SchemaEngineCall): Promise<T> {
  const glue = await loadBindings();
  const { adapter, disposeAll } = trackedAdapterFactory(call.databaseUrl);
  let engine: SchemaEngine | undefined;
  try {
    engine = await glue.SchemaEngine.new({ datamodels: call.datamodels }, ignoreEngineLog, adapter);
    const method = engine[call.command] as (input: unknown) => Promise<T>;
    return await method.call(engine, call.input);
  } catch (error) {
    throw new Error(`Schema engine ${call.command} failed: ${describeEngineError(error)}`);
  } finally {
    engine?.free();
    await disposeAll();
  }
}

function describeEngineError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const e = error as { message?: unknown; error_code?: unknown; meta?: unknown };
    if (typeof e.message === 'string') return e.error_code ? `${e.error_code}: ${e.message}` : e.message;
    return JSON.stringify(error);
  }
  return String(error);
}
