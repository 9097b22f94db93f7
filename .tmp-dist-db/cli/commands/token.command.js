"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.tokenCommand = void 0;
const token_signer_1 = require("../../auth/token-signer");
const app_config_1 = require("../../config/app-config");
const args_1 = require("../args");
const exit_codes_1 = require("../exit-codes");
const token_scopes_1 = require("../token-scopes");
const token_signing_key_1 = require("../token-signing-key");
const DEFAULT_TTL = '12h';
const AGENT_ID = /^[^\s]{1,200}$/;
exports.tokenCommand = {
    path: ['token'],
    summary: 'mint a development token (printed alone on the last line of stdout)',
    details: [
        'Signs with AUTH_JWT_SECRET when set, otherwise (outside production) with the dev secret',
        'kept in the data directory, so the local server accepts the token. Without --scope the',
        'token carries every scope the server knows.',
        '',
        'Example: export SWITCHBOARD_TOKEN=$(npm run -s token -- --agent alice)',
    ].join('\n'),
    options: {
        agent: { type: 'string', valueName: 'id', description: 'agent id (the token subject), required' },
        scope: { type: 'string', valueName: 'scopes', description: 'space-separated scopes (default: all known)' },
        ttl: { type: 'string', valueName: 'duration', description: `lifetime: 90s, 15m, 12h, 7d (default ${DEFAULT_TTL})` },
        audience: { type: 'string', valueName: 'aud', description: "audience (default: the server's, from the config)" },
    },
    async run({ args, env, out }) {
        const agentId = (0, args_1.stringOption)(args.values, 'agent');
        if (agentId === undefined)
            throw new exit_codes_1.UsageError('--agent <id> is required');
        if (!AGENT_ID.test(agentId))
            throw new exit_codes_1.UsageError(`--agent must be 1–200 characters without spaces, got "${agentId}"`);
        const scopeText = (0, args_1.stringOption)(args.values, 'scope');
        const scopes = scopeText === undefined ? [...token_scopes_1.DEFAULT_TOKEN_SCOPES] : (0, token_scopes_1.parseScopeList)(scopeText);
        const ttlSeconds = parseTtl((0, args_1.stringOption)(args.values, 'ttl') ?? DEFAULT_TTL);
        const config = (0, app_config_1.loadConfig)(env);
        const key = (0, token_signing_key_1.chooseSigningKey)(config);
        const audience = (0, args_1.stringOption)(args.values, 'audience') ?? config.audience;
        const token = await (0, token_signer_1.signDevToken)({
            secret: key.secret,
            agentId,
            scopes,
            audience,
            issuer: config.AUTH_ISSUER,
            ttlSeconds,
        });
        const expiresAt = new Date(Date.now() + ttlSeconds * 1000).toISOString();
        for (const scope of (0, token_scopes_1.unknownScopes)(scopes))
            out.note(`warning: no registered tool is known to declare scope "${scope}"`);
        if (out.json) {
            out.line(JSON.stringify({ token, agentId, scopes, audience, expiresAt }));
        }
        else {
            out.note(`Token for agent "${agentId}", scopes: ${scopes.join(' ')}`);
            out.note(`audience ${audience}, expires ${expiresAt}, signed with the ${key.origin}`);
            out.line(token);
        }
        return exit_codes_1.ExitCode.Ok;
    },
};
function parseTtl(text) {
    try {
        return (0, token_signer_1.parseDuration)(text);
    }
    catch (error) {
        throw new exit_codes_1.UsageError(`--ttl: ${error.message}`);
    }
}
//# sourceMappingURL=token.command.js.map