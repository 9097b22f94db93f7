"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SERVER_NAME = exports.SERVER_VERSION = void 0;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
/** The package version, read once (the same relative path works from src/ and dist/). */
exports.SERVER_VERSION = JSON.parse((0, node_fs_1.readFileSync)((0, node_path_1.join)(__dirname, '..', 'package.json'), 'utf8')).version;
exports.SERVER_NAME = 'switchboard';
//# sourceMappingURL=version.js.map