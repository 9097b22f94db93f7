"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.McpDispatcher = exports.MCP_METHOD_PROVIDERS = void 0;
const common_1 = require("@nestjs/common");
const node_crypto_1 = require("node:crypto");
const agent_identity_1 = require("../auth/agent-identity");
const json_rpc_frame_1 = require("./json-rpc-frame");
const mcp_error_1 = require("./mcp-error");
exports.MCP_METHOD_PROVIDERS = Symbol('MCP_METHOD_PROVIDERS');
const CORRELATION_ID = /^[\w.:-]{1,128}$/;
/**
 * The one dispatcher behind every transport: JSON-RPC shape, method lookup, session
 * and scope gates, params validation, then the handler; every failure becomes the
 * JSON-RPC error the spec names, and the connection stays usable.
 */
let McpDispatcher = class McpDispatcher {
    logger = new common_1.Logger('mcp');
    methods = new Map();
    constructor(providers) {
        for (const provider of providers) {
            for (const definition of provider.methods()) {
                if (this.methods.has(definition.method))
                    throw new Error(`MCP method ${definition.method} registered twice`);
                this.methods.set(definition.method, definition);
            }
        }
    }
    /** Handles one parsed message; resolves to the response for requests, undefined otherwise. */
    async dispatch(message, connection) {
        if (typeof message !== 'object' || message === null || Array.isArray(message)) {
            return (0, json_rpc_frame_1.errorResponse)(null, mcp_error_1.ErrorCode.InvalidRequest, Array.isArray(message) ? 'Invalid request: JSON-RPC batches are not supported' : 'Invalid request: expected a JSON-RPC object');
        }
        const msg = message;
        const hasId = 'id' in msg;
        const id = msg.id;
        if (hasId && !(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)))) {
            return (0, json_rpc_frame_1.errorResponse)(null, mcp_error_1.ErrorCode.InvalidRequest, 'Invalid request: id must be a string or a number');
        }
        if (msg.jsonrpc !== '2.0')
            return hasId ? (0, json_rpc_frame_1.errorResponse)(id, mcp_error_1.ErrorCode.InvalidRequest, 'Invalid request: jsonrpc must be "2.0"') : undefined;
        if (typeof msg.method !== 'string') {
            if (hasId && ('result' in msg || 'error' in msg))
                return undefined; // a response to a server request; none are pending yet
            return (0, json_rpc_frame_1.errorResponse)(hasId ? id : null, mcp_error_1.ErrorCode.InvalidRequest, 'Invalid request: method must be a string');
        }
        if (!hasId) {
            await this.notification(msg.method, msg.params, connection);
            return undefined;
        }
        return this.request(id, msg.method, msg.params, connection);
    }
    async request(id, method, params, connection) {
        const started = performance.now();
        const meta = metaOf(params);
        const correlationId = correlationIdOf(meta, connection);
        const controller = new AbortController();
        connection.inFlight.set(id, controller);
        let outcome = 'ok';
        let code;
        try {
            const definition = this.methods.get(method);
            if (!definition || definition.notification)
                throw mcp_error_1.McpError.methodNotFound(method);
            const call = this.gate(definition, connection, { requestId: id, correlationId, signal: controller.signal, meta });
            const parsed = definition.parse({ method, params });
            const result = await definition.run(parsed, call);
            const resultMeta = result._meta ?? {};
            return { jsonrpc: '2.0', id, result: { ...result, _meta: { ...resultMeta, correlationId } } };
        }
        catch (err) {
            const error = this.toMcpError(err, method, correlationId);
            outcome = 'error';
            code = error.code;
            return (0, json_rpc_frame_1.errorResponse)(id, error.code, error.message, { ...error.data, correlationId });
        }
        finally {
            connection.inFlight.delete(id);
            this.logger.log({
                msg: 'request',
                method,
                agentId: connection.identity.agentId,
                sessionId: connection.session?.id,
                correlationId,
                transport: connection.transport,
                durationMs: Math.round((performance.now() - started) * 1000) / 1000,
                outcome,
                ...(code !== undefined && { code }),
            });
        }
    }
    async notification(method, params, connection) {
        const definition = this.methods.get(method);
        if (!definition?.notification)
            return; // unknown notifications are ignored, as JSON-RPC asks
        const meta = metaOf(params);
        const correlationId = correlationIdOf(meta, connection);
        try {
            const call = this.gate(definition, connection, { correlationId, signal: new AbortController().signal, meta });
            await definition.run(definition.parse({ method, params }), call);
        }
        catch (err) {
            const error = this.toMcpError(err, method, correlationId);
            this.logger.warn({ msg: 'notification failed', method, agentId: connection.identity.agentId, correlationId, code: error.code, error: error.message });
        }
    }
    gate(definition, connection, call) {
        if (definition.needsSession && !connection.session) {
            throw mcp_error_1.McpError.invalidRequest(`Session not initialized: send initialize before ${definition.method}`);
        }
        if (definition.scopes && !(0, agent_identity_1.hasScopes)(connection.identity, definition.scopes)) {
            throw mcp_error_1.McpError.insufficientScope(definition.scopes, definition.method);
        }
        return { ...call, connection, session: connection.session };
    }
    toMcpError(err, method, correlationId) {
        if (err instanceof mcp_error_1.McpError)
            return err;
        this.logger.error({ msg: 'internal error', method, correlationId, err: err instanceof Error ? { message: err.message, stack: err.stack } : err });
        return new mcp_error_1.McpError(mcp_error_1.ErrorCode.InternalError, `Internal error (correlation id ${correlationId})`);
    }
};
exports.McpDispatcher = McpDispatcher;
exports.McpDispatcher = McpDispatcher = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(exports.MCP_METHOD_PROVIDERS)),
    __metadata("design:paramtypes", [Array])
], McpDispatcher);
function metaOf(params) {
    if (typeof params !== 'object' || params === null)
        return undefined;
    const meta = params._meta;
    return typeof meta === 'object' && meta !== null ? meta : undefined;
}
function correlationIdOf(meta, connection) {
    const fromMeta = meta?.correlationId;
    if (typeof fromMeta === 'string' && CORRELATION_ID.test(fromMeta))
        return fromMeta;
    return connection.transportCorrelationId ?? (0, node_crypto_1.randomUUID)();
}
//# sourceMappingURL=mcp-dispatcher.service.js.map