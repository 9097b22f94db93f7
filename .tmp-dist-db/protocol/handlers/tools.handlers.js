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
Object.defineProperty(exports, "__esModule", { value: true });
exports.ToolsHandlers = void 0;
const common_1 = require("@nestjs/common");
const core_1 = require("@modelcontextprotocol/core");
const audit_service_1 = require("../../audit/audit.service");
const tool_call_service_1 = require("../../tools/tool-call.service");
const tool_registry_service_1 = require("../../tools/tool-registry.service");
const mcp_error_1 = require("../mcp-error");
const params_parsers_1 = require("../params-parsers");
/** tools/list (filtered by the caller's scopes) and tools/call (validated, audited). */
let ToolsHandlers = class ToolsHandlers {
    registry;
    calls;
    audit;
    constructor(registry, calls, audit) {
        this.registry = registry;
        this.calls = calls;
        this.audit = audit;
    }
    methods() {
        return [
            {
                method: 'tools/list',
                parse: (0, params_parsers_1.sdkSchema)(core_1.ListToolsRequestSchema),
                needsSession: true,
                run: (_params, call) => ({ tools: this.registry.visibleTo(call.connection.identity) }),
            },
            {
                method: 'tools/call',
                parse: (0, params_parsers_1.sdkSchema)(core_1.CallToolRequestSchema),
                needsSession: true,
                run: (params, call) => this.call(params.name, params.arguments, call),
            },
        ];
    }
    async call(name, args, call) {
        const started = performance.now();
        const { identity } = call.connection;
        let outcome = 'error';
        let errorCode;
        try {
            const result = await this.calls.call(name, args, this.toolContext(call), call.session?.protocolVersion);
            outcome = result.outcome;
            return result.result;
        }
        catch (err) {
            errorCode = err instanceof mcp_error_1.McpError ? err.code : undefined;
            outcome = errorCode === undefined ? 'internal_error' : 'refused';
            throw err;
        }
        finally {
            this.audit.record({
                agentId: identity.agentId,
                sessionId: call.session?.id,
                tool: name.slice(0, 128),
                correlationId: call.correlationId,
                outcome,
                errorCode,
                durationMs: performance.now() - started,
                argsDigest: audit_service_1.AuditService.digest(args),
            });
        }
    }
    toolContext(call) {
        const progressToken = call.meta?.progressToken;
        return {
            identity: call.connection.identity,
            sessionId: call.session?.id,
            contextId: call.session?.contextId,
            correlationId: call.correlationId,
            signal: call.signal,
            progress: (progress, total, message) => {
                if (progressToken === undefined)
                    return;
                call.connection.push({
                    jsonrpc: '2.0',
                    method: 'notifications/progress',
                    params: { progressToken, progress, ...(total !== undefined && { total }), ...(message && { message }) },
                });
            },
        };
    }
};
exports.ToolsHandlers = ToolsHandlers;
exports.ToolsHandlers = ToolsHandlers = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [tool_registry_service_1.ToolRegistry,
        tool_call_service_1.ToolCallService,
        audit_service_1.AuditService])
], ToolsHandlers);
//# sourceMappingURL=tools.handlers.js.map