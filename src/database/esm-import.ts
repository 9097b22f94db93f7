/**
 * A real `import()` that TypeScript leaves alone: with `module: node16` in a CommonJS file,
 * `await import(x)` would be compiled to `require(x)`, which cannot load ESM-only packages
 * such as `@prisma/schema-engine-wasm`.
 */
const nativeImport = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

export function importEsm<T>(specifier: string): Promise<T> {
  return nativeImport<T>(specifier);
}

let supported: Promise<boolean> | undefined;

/**
 * Whether this runtime can `import()` at all. Plain Node can; Jest's sandbox (node:vm without
 * `--experimental-vm-modules`) rejects every dynamic import with
 * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG.
 */
export function canImportEsm(): Promise<boolean> {
  supported ??= nativeImport('node:path').then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (String(error.code).startsWith('ERR_VM_DYNAMIC_IMPORT')) return false;
      throw error;
    },
  );
  return supported;
}
