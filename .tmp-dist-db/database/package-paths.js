"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.migrationsDir = exports.prismaSchemaPath = void 0;
exports.packageRoot = packageRoot;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
let cachedRoot;
/**
 * The package root: the nearest ancestor holding `prisma/schema.prisma`. Resolved from this
 * file so that it is the same whether the code runs from `src/` (ts-jest) or `dist/`.
 */
function packageRoot() {
    if (cachedRoot)
        return cachedRoot;
    for (let dir = __dirname;; dir = (0, node_path_1.dirname)(dir)) {
        if ((0, node_fs_1.existsSync)((0, node_path_1.join)(dir, 'prisma', 'schema.prisma')) && (0, node_fs_1.existsSync)((0, node_path_1.join)(dir, 'package.json'))) {
            return (cachedRoot = dir);
        }
        if ((0, node_path_1.dirname)(dir) === dir) {
            throw new Error(`Cannot find prisma/schema.prisma in any parent directory of ${__dirname}`);
        }
    }
}
const prismaSchemaPath = () => (0, node_path_1.join)(packageRoot(), 'prisma', 'schema.prisma');
exports.prismaSchemaPath = prismaSchemaPath;
const migrationsDir = () => (0, node_path_1.join)(packageRoot(), 'prisma', 'migrations');
exports.migrationsDir = migrationsDir;
//# sourceMappingURL=package-paths.js.map