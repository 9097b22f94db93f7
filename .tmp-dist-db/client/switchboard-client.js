"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_CLIENT_INFO = void 0;
exports.resolveEndpoint = resolveEndpoint;
exports.connectSwitchboard = connectSwitchboard;
const client_1 = require("@modelcontextprotocol/client");
const websocket_client_transport_1 = require("./websocket-client-transport");
exports.DEFAULT_CLIENT_INFO = { name: 'switchboard-client', version: '0.1.0' };
/** Picks the transport for a URL and rewrites the scheme to match it (`http` ↔ `ws`). */
function resolveEndpoint(url, transport) {
    const resolved = new URL(url);
    const isWs = resolved.protocol === 'ws:' || resolved.protocol === 'wss:';
    const isHttp = resolved.protocol === 'http:' || resolved.protocol === 'https:';
    if (!isWs && !isHttp)
        throw new Error(`unsupported URL scheme ${resolved.protocol} (use http(s):// or ws(s)://)`);
    const kind = transport ?? (isWs ? 'websocket' : 'http');
    const secure = resolved.protocol === 'https:' || resolved.protocol === 'wss:';
    resolved.protocol = kind === 'websocket' ? (secure ? 'wss:' : 'ws:') : secure ? 'https:' : 'http:';
    return { url: resolved, transport: kind };
}
/**
 * Connects an SDK v2 {@link Client} to a Switchboard server over WebSocket or Streamable HTTP.
 *
 * @example
 * const { client, sessionId, close } = await connectSwitchboard({ url: 'ws://127.0.0.1:3000/mcp', token });
 * const { tools } = await client.listTools();
 * await close();
 */
async function connectSwitchboard(options) {
    const endpoint = resolveEndpoint(options.url, options.transport);
    const client = new client_1.Client(options.clientInfo ?? exports.DEFAULT_CLIENT_INFO, { capabilities: {} });
    if (endpoint.transport === 'websocket') {
        const transport = new websocket_client_transport_1.WebSocketClientTransport(endpoint.url, {
            token: options.token,
            sessionId: options.sessionId,
        });
        await client.connect(transport);
        return {
            client,
            transport: 'websocket',
            get sessionId() {
                return transport.sessionId;
            },
            close: () => client.close(),
        };
    }
    const transport = new client_1.StreamableHTTPClientTransport(endpoint.url, {
        requestInit: options.token ? { headers: { Authorization: `Bearer ${options.token}` } } : undefined,
        sessionId: options.sessionId,
    });
    await client.connect(transport);
    const ownsSession = options.sessionId === undefined;
    return {
        client,
        transport: 'http',
        get sessionId() {
            return transport.sessionId;
        },
        close: async () => {
            // Without this every one-shot HTTP client would leave an open session row behind.
            if (ownsSession && transport.sessionId)
                await transport.terminateSession().catch(() => undefined);
            await client.close();
        },
    };
}
//# sourceMappingURL=switchboard-client.js.map