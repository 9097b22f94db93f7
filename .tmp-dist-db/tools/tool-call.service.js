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
var ToolCallService_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.ToolCallService = void 0;
const common_1 = require("@nestjs/common");
const class_transformer_1 = require("class-transformer");
const class_validator_1 = require("class-validator");
const agent_identity_1 = require("../auth/agent-identity");
const mcp_error_1 = require("../protocol/mcp-error");
const validation_message_1 = require("../protocol/validation-message");
const tool_error_1 = require("./tool-error");
const tool_registry_service_1 = require("./tool-registry.service");
/** Revisions from 2025-11-25 on report bad tool arguments as a tool error the model can fix. */
const INPUT_ERRORS_AS_RESULTS = new Set(['2025-11-25']);
/**
 * Runs one tool call: scope check, input validation against the input class, the
 * handler, then output validation against the declared output class before anything
 * leaves. A handler's `ToolError` (or any unexpected exception) becomes `isError: true`.
 */
let ToolCallService = ToolCallService_1 = class ToolCallService {
    registry;
    logger = new common_1.Logger(ToolCallService_1.name);
    constructor(registry) {
        this.registry = registry;
    }
    async call(name, args, ctx, protocolVersion) {
        const tool = this.registry.get(name);
        if (!tool)
            throw mcp_error_1.McpError.invalidParams(`Unknown tool: ${name}`, { tool: name });
        if (!(0, agent_identity_1.hasScopes)(ctx.identity, tool.scopes))
            throw mcp_error_1.McpError.insufficientScope(tool.scopes, `tool ${name}`);
        const parsed = this.parseInput(tool, args ?? {});
        if (typeof parsed === 'string') {
            const message = `Invalid arguments for tool ${name}: ${parsed}`;
            if (protocolVersion && !INPUT_ERRORS_AS_RESULTS.has(protocolVersion))
                throw mcp_error_1.McpError.invalidParams(message, { tool: name });
            return { tool, outcome: 'invalid_input', result: errorResult(message) };
        }
        let value;
        try {
            value = await tool.handler(parsed, ctx);
        }
        catch (err) {
            if (err instanceof mcp_error_1.McpError)
                throw err;
            if (err instanceof tool_error_1.ToolError)
                return { tool, outcome: 'tool_error', result: errorResult(err.message) };
            this.logger.error({ msg: 'tool handler failed', tool: name, correlationId: ctx.correlationId, err });
            return { tool, outcome: 'tool_error', result: errorResult(`Tool ${name} failed with an internal error (correlation id ${ctx.correlationId})`) };
        }
        return { tool, outcome: 'ok', result: this.toResult(tool, value) };
    }
    parseInput(tool, args) {
        if (!tool.inputClass) {
            const extra = Object.keys(args);
            return extra.length ? `${extra[0]}: tool takes no arguments` : {};
        }
        const instance = (0, class_transformer_1.plainToInstance)(tool.inputClass, args);
        const errors = (0, class_validator_1.validateSync)(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
        return errors.length ? (0, validation_message_1.describeValidationErrors)(errors).join('; ') : instance;
    }
    toResult(tool, value) {
        if (tool.outputClass) {
            const instance = (0, class_transformer_1.plainToInstance)(tool.outputClass, value);
            const errors = value && typeof value === 'object' ? (0, class_validator_1.validateSync)(instance, { forbidUnknownValues: true }) : [];
            if (!value || typeof value !== 'object' || errors.length) {
                const detail = errors.length ? (0, validation_message_1.describeValidationErrors)(errors).join('; ') : 'handler returned no object';
                this.logger.error({ msg: 'tool output failed validation', tool: tool.name, detail });
                throw new mcp_error_1.McpError(mcp_error_1.ErrorCode.InternalError, `Tool ${tool.name} produced output that violates its outputSchema: ${detail}`, {
                    tool: tool.name,
                });
            }
            const structured = JSON.parse(JSON.stringify(value));
            return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
        }
        if (typeof value === 'string')
            return { content: [{ type: 'text', text: value }] };
        if (isCallToolResult(value))
            return value;
        return { content: [{ type: 'text', text: JSON.stringify(value ?? null) }] };
    }
};
exports.ToolCallService = ToolCallService;
exports.ToolCallService = ToolCallService = ToolCallService_1 = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [tool_registry_service_1.ToolRegistry])
], ToolCallService);
function errorResult(message) {
    return { content: [{ type: 'text', text: message }], isError: true };
}
function isCallToolResult(value) {
    return !!value && typeof value === 'object' && Array.isArray(value.content);
}
//# sourceMappingURL=tool-call.service.js.map