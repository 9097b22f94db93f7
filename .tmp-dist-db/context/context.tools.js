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
exports.ContextTools = exports.ContextVersionOutput = exports.ContextSnapshotOutput = void 0;
const common_1 = require("@nestjs/common");
const class_validator_1 = require("class-validator");
const scopes_1 = require("../auth/scopes");
const tool_decorator_1 = require("../tools/tool.decorator");
const context_service_1 = require("./context.service");
const context_params_dto_1 = require("./dto/context-params.dto");
class ContextSnapshotOutput {
    contextId;
    version;
    state;
    updatedAt;
}
exports.ContextSnapshotOutput = ContextSnapshotOutput;
__decorate([
    (0, class_validator_1.IsUUID)(),
    __metadata("design:type", String)
], ContextSnapshotOutput.prototype, "contextId", void 0);
__decorate([
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(0),
    __metadata("design:type", Number)
], ContextSnapshotOutput.prototype, "version", void 0);
__decorate([
    (0, class_validator_1.IsDefined)(),
    __metadata("design:type", Object)
], ContextSnapshotOutput.prototype, "state", void 0);
__decorate([
    (0, class_validator_1.IsISO8601)(),
    __metadata("design:type", String)
], ContextSnapshotOutput.prototype, "updatedAt", void 0);
class ContextVersionOutput {
    contextId;
    version;
}
exports.ContextVersionOutput = ContextVersionOutput;
__decorate([
    (0, class_validator_1.IsUUID)(),
    __metadata("design:type", String)
], ContextVersionOutput.prototype, "contextId", void 0);
__decorate([
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1),
    __metadata("design:type", Number)
], ContextVersionOutput.prototype, "version", void 0);
/** The context methods as tools, for MCP clients that only know tools. */
let ContextTools = class ContextTools {
    contexts;
    constructor(contexts) {
        this.contexts = contexts;
    }
    get(input, ctx) {
        return this.contexts.get(caller(ctx), input.contextId);
    }
    update(input, ctx) {
        return this.contexts.update(caller(ctx), input);
    }
};
exports.ContextTools = ContextTools;
__decorate([
    (0, tool_decorator_1.Tool)({
        name: 'context_get',
        title: 'Read working context',
        description: "Reads a durable JSON context (the session's own when contextId is omitted): its state and version.",
        input: context_params_dto_1.ContextGetParams,
        output: ContextSnapshotOutput,
        scopes: [scopes_1.CONTEXT_READ],
        annotations: { readOnlyHint: true, openWorldHint: false },
    }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [context_params_dto_1.ContextGetParams, Object]),
    __metadata("design:returntype", void 0)
], ContextTools.prototype, "get", null);
__decorate([
    (0, tool_decorator_1.Tool)({
        name: 'context_update',
        title: 'Update working context',
        description: 'Applies an RFC 7396 JSON merge patch to a durable context; committed before the reply. Use ifVersion for optimistic concurrency.',
        input: context_params_dto_1.ContextUpdateParams,
        output: ContextVersionOutput,
        scopes: [scopes_1.CONTEXT_WRITE],
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [context_params_dto_1.ContextUpdateParams, Object]),
    __metadata("design:returntype", void 0)
], ContextTools.prototype, "update", null);
exports.ContextTools = ContextTools = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [context_service_1.ContextService])
], ContextTools);
function caller(ctx) {
    return { agentId: ctx.identity.agentId, sessionContextId: ctx.contextId, sessionId: ctx.sessionId, correlationId: ctx.correlationId };
}
//# sourceMappingURL=context.tools.js.map