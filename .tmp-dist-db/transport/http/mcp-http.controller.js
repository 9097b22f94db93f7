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
exports.McpHttpController = void 0;
const common_1 = require("@nestjs/common");
const app_config_1 = require("../../config/app-config");
const session_service_1 = require("../../context/session.service");
const json_rpc_frame_1 = require("../../protocol/json-rpc-frame");
const mcp_dispatcher_service_1 = require("../../protocol/mcp-dispatcher.service");
const mcp_error_1 = require("../../protocol/mcp-error");
const protocol_versions_1 = require("../../protocol/protocol-versions");
const bearer_auth_guard_1 = require("./bearer-auth.guard");
const http_connection_1 = require("./http-connection");
const read_body_1 = require("./read-body");
const CORRELATION_ID = /^[\w.:-]{1,128}$/;
/**
 * MCP Streamable HTTP at `/mcp` (2025 era): POST carries one JSON-RPC message and gets
 * a JSON answer; sessions are named by `Mcp-Session-Id` and looked up in PostgreSQL,
 * so any replica can serve them; DELETE ends a session.
 */
let McpHttpController = class McpHttpController {
    dispatcher;
    sessions;
    config;
    constructor(dispatcher, sessions, config) {
        this.dispatcher = dispatcher;
        this.sessions = sessions;
        this.config = config;
    }
    async post(req, res) {
        const correlationId = correlationHeader(req);
        if (correlationId)
            res.setHeader('X-Correlation-Id', correlationId);
        if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
            return reject(res, 415, mcp_error_1.ErrorCode.InvalidRequest, 'Unsupported Media Type: Content-Type must be application/json');
        }
        const accept = req.headers.accept;
        if (accept && !/application\/json|\*\/\*|application\/\*/i.test(accept)) {
            return reject(res, 406, mcp_error_1.ErrorCode.InvalidRequest, 'Not Acceptable: Accept must include application/json');
        }
        let body;
        try {
            body = await (0, read_body_1.readBody)(req, this.config.MAX_MESSAGE_BYTES);
        }
        catch (err) {
            if (err instanceof read_body_1.BodyTooLargeError)
                return reject(res, 413, mcp_error_1.ErrorCode.InvalidRequest, `Payload Too Large: ${err.message}`);
            throw err;
        }
        const parsed = (0, json_rpc_frame_1.parseFrame)(body);
        if (!parsed.ok)
            return send(res, 400, parsed.error);
        const connection = new http_connection_1.HttpConnection(req.identity, correlationId);
        const message = parsed.message;
        const sessionId = headerValue(req, 'mcp-session-id');
        const isInitialize = message?.method === 'initialize';
        if (isInitialize && sessionId) {
            return reject(res, 400, mcp_error_1.ErrorCode.InvalidRequest, 'Bad Request: initialize must not carry Mcp-Session-Id');
        }
        if (!isInitialize) {
            const version = headerValue(req, 'mcp-protocol-version');
            if (version && !(0, protocol_versions_1.isSupportedVersion)(version)) {
                return reject(res, 400, mcp_error_1.ErrorCode.InvalidRequest, `Bad Request: unsupported MCP-Protocol-Version ${version}`);
            }
            if (!sessionId)
                return reject(res, 400, mcp_error_1.ErrorCode.InvalidRequest, 'Bad Request: Mcp-Session-Id header is required');
            connection.session = (await this.sessions.resume(sessionId, req.identity.agentId)) ?? undefined;
            if (!connection.session)
                return reject(res, 404, mcp_error_1.ErrorCode.InvalidRequest, 'Session not found: initialize a new session');
        }
        req.on('close', () => connection.abortAll('client went away'));
        const response = await this.dispatcher.dispatch(parsed.message, connection);
        if (connection.session)
            res.setHeader('Mcp-Session-Id', connection.session.id);
        if (!response) {
            res.status(202).end();
            return;
        }
        send(res, 200, response);
    }
    /** No standalone server-to-client stream yet (see README, "Not there yet"). */
    get(res) {
        res.setHeader('Allow', 'POST, DELETE');
        reject(res, 405, mcp_error_1.ErrorCode.InvalidRequest, 'Method Not Allowed: this server offers no standalone SSE stream');
    }
    async delete(req, res) {
        const sessionId = headerValue(req, 'mcp-session-id');
        if (!sessionId)
            return reject(res, 400, mcp_error_1.ErrorCode.InvalidRequest, 'Bad Request: Mcp-Session-Id header is required');
        const session = await this.sessions.resume(sessionId, req.identity.agentId);
        if (!session)
            return reject(res, 404, mcp_error_1.ErrorCode.InvalidRequest, 'Session not found');
        await this.sessions.close(session.id);
        res.status(204).end();
    }
};
exports.McpHttpController = McpHttpController;
__decorate([
    (0, common_1.Post)(),
    __param(0, (0, common_1.Req)()),
    __param(1, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object]),
    __metadata("design:returntype", Promise)
], McpHttpController.prototype, "post", null);
__decorate([
    (0, common_1.Get)(),
    __param(0, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", void 0)
], McpHttpController.prototype, "get", null);
__decorate([
    (0, common_1.Delete)(),
    __param(0, (0, common_1.Req)()),
    __param(1, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object]),
    __metadata("design:returntype", Promise)
], McpHttpController.prototype, "delete", null);
exports.McpHttpController = McpHttpController = __decorate([
    (0, common_1.Controller)('mcp'),
    (0, common_1.UseGuards)(bearer_auth_guard_1.BearerAuthGuard),
    __metadata("design:paramtypes", [mcp_dispatcher_service_1.McpDispatcher,
        session_service_1.SessionService,
        app_config_1.AppConfig])
], McpHttpController);
function headerValue(req, name) {
    const value = req.headers[name];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
}
function correlationHeader(req) {
    const value = headerValue(req, 'x-correlation-id');
    return value && CORRELATION_ID.test(value) ? value : undefined;
}
function send(res, status, body) {
    const text = JSON.stringify(body);
    res.status(status).setHeader('Content-Type', 'application/json');
    res.end(text);
}
function reject(res, status, code, message) {
    send(res, status, (0, json_rpc_frame_1.errorResponse)(null, code, message));
}
//# sourceMappingURL=mcp-http.controller.js.map