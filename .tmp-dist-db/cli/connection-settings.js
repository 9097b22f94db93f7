"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_SERVER_URL = void 0;
exports.resolveConnectionSettings = resolveConnectionSettings;
const args_1 = require("./args");
const exit_codes_1 = require("./exit-codes");
exports.DEFAULT_SERVER_URL = 'http://127.0.0.1:3000/mcp';
const TRANSPORT_NAMES = {
    http: 'http',
    ws: 'websocket',
    websocket: 'websocket',
};
/** Where and how to connect, from the options first and the environment second. */
function resolveConnectionSettings(values, env) {
    const urlText = (0, args_1.stringOption)(values, 'url') ?? nonEmpty(env['SWITCHBOARD_URL']) ?? exports.DEFAULT_SERVER_URL;
    let url;
    try {
        url = new URL(urlText);
    }
    catch {
        throw new exit_codes_1.UsageError(`not a valid URL: "${urlText}" (expected e.g. ${exports.DEFAULT_SERVER_URL})`);
    }
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
        throw new exit_codes_1.UsageError(`unsupported URL scheme "${url.protocol}" in ${urlText} (use http(s):// or ws(s)://)`);
    }
    const transportText = (0, args_1.stringOption)(values, 'transport');
    const transport = transportText === undefined ? undefined : TRANSPORT_NAMES[transportText.toLowerCase()];
    if (transportText !== undefined && transport === undefined) {
        throw new exit_codes_1.UsageError(`--transport must be "http" or "ws", got "${transportText}"`);
    }
    const token = (0, args_1.stringOption)(values, 'token') ?? nonEmpty(env['SWITCHBOARD_TOKEN']);
    if (!token) {
        throw new exit_codes_1.UsageError('no token: pass --token or set SWITCHBOARD_TOKEN (in development: export SWITCHBOARD_TOKEN=$(npm run -s token -- --agent <id>))');
    }
    // One-shot commands default to Streamable HTTP; a ws:// URL means WebSocket.
    const defaultKind = url.protocol === 'ws:' || url.protocol === 'wss:' ? 'websocket' : 'http';
    return { url, token, transport: transport ?? defaultKind, sessionId: (0, args_1.stringOption)(values, 'session') };
}
function nonEmpty(value) {
    return value === undefined || value.trim() === '' ? undefined : value.trim();
}
//# sourceMappingURL=connection-settings.js.map