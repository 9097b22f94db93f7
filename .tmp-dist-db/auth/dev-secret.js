"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEV_SECRET_FILE = void 0;
exports.loadOrCreateDevSecret = loadOrCreateDevSecret;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
exports.DEV_SECRET_FILE = 'dev-jwt-secret';
/**
 * The development signing secret: random, created once, kept in the data directory
 * (mode 0600) so that tokens minted by `npm run token` stay valid across restarts.
 * Never used in production (the config refuses to start without real keys there).
 */
function loadOrCreateDevSecret(dataDir) {
    const file = (0, node_path_1.join)(dataDir, exports.DEV_SECRET_FILE);
    try {
        const existing = (0, node_fs_1.readFileSync)(file, 'utf8').trim();
        if (existing.length >= 32)
            return existing;
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw err;
    }
    (0, node_fs_1.mkdirSync)(dataDir, { recursive: true });
    const secret = (0, node_crypto_1.randomBytes)(32).toString('hex');
    (0, node_fs_1.writeFileSync)(file, `${secret}\n`, { mode: 0o600 });
    return secret;
}
//# sourceMappingURL=dev-secret.js.map