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
exports.ContextService = void 0;
const common_1 = require("@nestjs/common");
const mcp_error_1 = require("../protocol/mcp-error");
const context_repository_1 = require("./context.repository");
const DEFAULT_HISTORY_LIMIT = 100;
/**
 * The rules of contexts: which one a request means, that another agent's context is
 * invisible (not found, never forbidden), and how `ifVersion` conflicts are reported.
 */
let ContextService = class ContextService {
    contexts;
    constructor(contexts) {
        this.contexts = contexts;
    }
    async update(caller, params) {
        const contextId = this.resolve(caller, params.contextId);
        const applied = await this.contexts.applyPatch({
            contextId,
            agentId: caller.agentId,
            patch: params.patch,
            ifVersion: params.ifVersion,
            sessionId: caller.sessionId,
            correlationId: caller.correlationId,
            createIfMissing: contextId !== caller.sessionContextId,
        });
        if (applied)
            return { contextId, version: applied.version };
        const current = await this.contexts.find(contextId, caller.agentId);
        if (!current)
            throw mcp_error_1.McpError.notFound('Context', { contextId });
        throw new mcp_error_1.McpError(mcp_error_1.ErrorCode.VersionConflict, `Version conflict: context is at version ${current.version}, not ${params.ifVersion}`, { contextId, currentVersion: current.version });
    }
    async get(caller, contextId) {
        const id = this.resolve(caller, contextId);
        const row = await this.contexts.find(id, caller.agentId);
        if (!row)
            throw mcp_error_1.McpError.notFound('Context', { contextId: id });
        return { contextId: row.id, version: row.version, state: row.state, updatedAt: row.updatedAt.toISOString() };
    }
    async history(caller, params) {
        const contextId = this.resolve(caller, params.contextId);
        if (!(await this.contexts.find(contextId, caller.agentId)))
            throw mcp_error_1.McpError.notFound('Context', { contextId });
        const after = params.cursor !== undefined ? decodeCursor(params.cursor) : (params.afterVersion ?? 0);
        const limit = params.limit ?? DEFAULT_HISTORY_LIMIT;
        const rows = await this.contexts.history(contextId, after, limit + 1);
        const page = rows.slice(0, limit);
        return {
            contextId,
            updates: page.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
            ...(rows.length > limit && { nextCursor: encodeCursor(page[page.length - 1].version) }),
        };
    }
    resolve(caller, contextId) {
        const id = contextId ?? caller.sessionContextId;
        if (!id)
            throw mcp_error_1.McpError.invalidParams('contextId is required outside a session (or set _meta.contextId)');
        return id;
    }
};
exports.ContextService = ContextService;
exports.ContextService = ContextService = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [context_repository_1.ContextRepository])
], ContextService);
function encodeCursor(version) {
    return Buffer.from(`v:${version}`).toString('base64url');
}
function decodeCursor(cursor) {
    const match = /^v:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
    if (!match)
        throw mcp_error_1.McpError.invalidParams('cursor: not a cursor this server issued');
    return Number(match[1]);
}
//# sourceMappingURL=context.service.js.map