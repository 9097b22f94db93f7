"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.importEsm = importEsm;
exports.canImportEsm = canImportEsm;
/**
 * A real `import()` that TypeScript leaves alone: with `module: node16` in a CommonJS file,
 * `await import(x)` would be compiled to `require(x)`, which cannot load ESM-only packages
 * such as `@prisma/schema-engine-wasm`.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const nativeImport = new Function('specifier', 'return import(specifier)');
function importEsm(specifier) {
    return nativeImport(specifier);
}
let supported;
/**
 * Whether this runtime can `import()` at all. Plain Node can; Jest's sandbox (node:vm without
 * `--experimental-vm-modules`) rejects every dynamic import with
 * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG.
 */
function canImportEsm() {
    supported ??= nativeImport('node:path').then(() => true, (error) => {
        if (String(error.code).startsWith('ERR_VM_DYNAMIC_IMPORT'))
            return false;
        throw error;
    });
    return supported;
}
//# sourceMappingURL=esm-import.js.map