"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.WebSocketClientTransport = exports.MCP_SUBPROTOCOL = void 0;
const client_1 = require("@modelcontextprotocol/client");
const ws_1 = __importDefault(require("ws"));
const websocket_upgrade_error_1 = require("./websocket-upgrade-error");
/** The WebSocket subprotocol Switchboard speaks: one JSON-RPC message per text frame. */
exports.MCP_SUBPROTOCOL = 'mcp';
const SESSION_HEADER = 'mcp-session-id';
/** How much of a refused upgrade's body is kept for the error message. */
const MAX_ERROR_BODY_BYTES = 4096;
/**
 * An SDK v2 client {@link Transport} over a WebSocket (`ws`), as Switchboard serves it on
 * `/mcp`: subprotocol `mcp`, bearer token and optional `Mcp-Session-Id` on the upgrade,
 * one JSON-RPC message per text frame.
 *
 * @example
 * const transport = new WebSocketClientTransport('ws://127.0.0.1:3000/mcp', { token });
 * await client.connect(transport);
 * transport.sessionId; // the id the server reported on the upgrade
 */
class WebSocketClientTransport {
    options;
    onclose;
    onerror;
    onmessage;
    url;
    socket;
    reportedSessionId;
    handshakeStarted = false;
    closed = false;
    closeInfo;
    constructor(url, options = {}) {
        this.options = options;
        this.url = new URL(url);
        if (this.url.protocol !== 'ws:' && this.url.protocol !== 'wss:') {
            throw new Error(`WebSocketClientTransport needs a ws:// or wss:// URL, got ${this.url.href}`);
        }
    }
    /**
     * The session id the server reported in the upgrade response.
     *
     * The SDK `Client` treats a session id that is already set when `start()` returns as
     * "this session is initialized, skip the handshake" (as with Streamable HTTP resumption).
     * So it shows here during `start()` only when the server confirmed the session we asked
     * to resume; for a new session it shows once the client starts talking (`initialize`).
     */
    get sessionId() {
        return this.resumed || this.handshakeStarted ? this.reportedSessionId : undefined;
    }
    /** True when the server accepted the `sessionId` given to the constructor. */
    get resumed() {
        return this.options.sessionId !== undefined && this.reportedSessionId === this.options.sessionId;
    }
    /** Close code and reason of the connection once it has closed (1006 when it just dropped). */
    get lastClose() {
        return this.closeInfo;
    }
    start() {
        if (this.socket)
            throw new Error('WebSocketClientTransport already started');
        const ws = new ws_1.default(this.url, exports.MCP_SUBPROTOCOL, {
            headers: this.upgradeHeaders(),
            maxPayload: this.options.maxPayload,
            handshakeTimeout: this.options.handshakeTimeoutMs,
        });
        this.socket = ws;
        ws.on('message', (data, isBinary) => this.receive(data, isBinary));
        ws.on('close', (code, reason) => this.finish({ code, reason: reason.toString() }));
        ws.on('upgrade', (res) => {
            this.reportedSessionId = firstHeader(res.headers[SESSION_HEADER]);
        });
        return new Promise((resolve, reject) => {
            let opened = false;
            let failed = false;
            const fail = (error) => {
                if (opened || failed)
                    return;
                failed = true;
                reject(error);
            };
            ws.on('open', () => {
                opened = true;
                resolve();
            });
            ws.on('unexpected-response', (_req, res) => {
                void readBody(res).then((body) => {
                    fail(new websocket_upgrade_error_1.WebSocketUpgradeError(res.statusCode ?? 0, body, res.headers));
                    ws.terminate();
                });
            });
            ws.on('error', (error) => {
                if (opened)
                    this.onerror?.(error);
                else
                    fail(new Error(`WebSocket connection to ${this.url.href} failed: ${error.message}`, { cause: error }));
            });
        });
    }
    async send(message) {
        const ws = this.socket;
        if (!ws || ws.readyState !== ws_1.default.OPEN)
            throw new Error('WebSocket is not open');
        this.handshakeStarted = true;
        await new Promise((resolve, reject) => {
            ws.send(JSON.stringify(message), (error) => (error ? reject(error) : resolve()));
        });
    }
    /** Closes with 1000; safe to call any number of times, `onclose` fires once. */
    async close() {
        const ws = this.socket;
        if (this.closed)
            return;
        if (!ws || ws.readyState === ws_1.default.CLOSED) {
            this.finish(this.closeInfo ?? { code: 1000, reason: '' });
            return;
        }
        const done = new Promise((resolve) => ws.once('close', () => resolve()));
        if (ws.readyState === ws_1.default.CONNECTING)
            ws.terminate();
        else if (ws.readyState === ws_1.default.OPEN)
            ws.close(1000, 'client closed');
        await done;
    }
    upgradeHeaders() {
        const headers = { ...this.options.headers };
        if (this.options.token)
            headers['Authorization'] = `Bearer ${this.options.token}`;
        if (this.options.sessionId)
            headers['Mcp-Session-Id'] = this.options.sessionId;
        return headers;
    }
    receive(data, isBinary) {
        if (isBinary) {
            this.onerror?.(new Error('Ignored a binary WebSocket frame: MCP messages are text frames'));
            return;
        }
        let message;
        try {
            message = (0, client_1.parseJSONRPCMessage)(JSON.parse(rawToString(data)));
        }
        catch (error) {
            this.onerror?.(new Error(`Ignored a malformed frame: ${error.message}`, { cause: error }));
            return;
        }
        this.onmessage?.(message);
    }
    finish(info) {
        if (this.closed)
            return;
        this.closed = true;
        this.closeInfo = info;
        this.onclose?.();
    }
}
exports.WebSocketClientTransport = WebSocketClientTransport;
function firstHeader(value) {
    return Array.isArray(value) ? value[0] : value;
}
function rawToString(data) {
    if (Buffer.isBuffer(data))
        return data.toString('utf8');
    if (Array.isArray(data))
        return Buffer.concat(data).toString('utf8');
    return Buffer.from(data).toString('utf8');
}
function readBody(res) {
    return new Promise((resolve) => {
        const chunks = [];
        let size = 0;
        res.on('data', (chunk) => {
            if (size < MAX_ERROR_BODY_BYTES)
                chunks.push(chunk);
            size += chunk.length;
        });
        const done = () => resolve(Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY_BYTES).trim());
        res.on('end', done);
        res.on('error', done);
        res.on('close', done);
    });
}
//# sourceMappingURL=websocket-client-transport.js.map