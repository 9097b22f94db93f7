"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.chooseSigningKey = chooseSigningKey;
const dev_secret_1 = require("../auth/dev-secret");
const exit_codes_1 = require("./exit-codes");
/**
 * The HS256 secret the server will verify with: AUTH_JWT_SECRET when configured, the
 * dev secret in the data directory in development, and nothing when the server trusts
 * an authorization server's JWKS (then tokens must come from there).
 */
function chooseSigningKey(config) {
    if (config.AUTH_JWT_SECRET)
        return { secret: config.AUTH_JWT_SECRET, origin: 'AUTH_JWT_SECRET' };
    if (config.AUTH_JWKS_URL) {
        throw new exit_codes_1.UsageError(`this server verifies tokens with the keys at AUTH_JWKS_URL (${config.AUTH_JWKS_URL}); ` +
            'tokens come from your authorization server, not from this command');
    }
    if (config.isProduction) {
        throw new exit_codes_1.UsageError('NODE_ENV=production without AUTH_JWT_SECRET: there is no signing key to mint a token with');
    }
    return { secret: (0, dev_secret_1.loadOrCreateDevSecret)(config.dataDir), origin: `dev secret in ${config.dataDir}` };
}
//# sourceMappingURL=token-signing-key.js.map