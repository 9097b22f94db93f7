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
exports.ContextRepository = void 0;
const common_1 = require("@nestjs/common");
const prisma_service_1 = require("../database/prisma.service");
/**
 * Contexts and their history. An update is one statement: the merge patch is applied
 * by `jsonb_merge_patch` (RFC 7396, defined in the migrations) under the row lock, the
 * version bumped and the history row written, so concurrent writers serialize in
 * PostgreSQL and the reply is only sent after the commit.
 */
let ContextRepository = class ContextRepository {
    prisma;
    constructor(prisma) {
        this.prisma = prisma;
    }
    async applyPatch(input) {
        const patch = JSON.stringify(input.patch);
        const ifVersion = input.ifVersion ?? null;
        const sessionId = input.sessionId ?? null;
        const correlationId = input.correlationId ?? null;
        const rows = await this.prisma.$queryRaw `
      WITH ensured AS (
        INSERT INTO contexts (id, agent_id)
        SELECT ${input.contextId}::uuid, ${input.agentId}
        WHERE ${input.createIfMissing}
        ON CONFLICT (id) DO NOTHING
      ),
      upd AS (
        UPDATE contexts
           SET state = jsonb_merge_patch(state, ${patch}::jsonb), version = version + 1, updated_at = now()
         WHERE id = ${input.contextId}::uuid AND agent_id = ${input.agentId}
           AND (${ifVersion}::int IS NULL OR version = ${ifVersion}::int)
        RETURNING id, version, updated_at
      ),
      hist AS (
        INSERT INTO context_updates (context_id, version, patch, agent_id, session_id, correlation_id)
        SELECT id, version, ${patch}::jsonb, ${input.agentId}, ${sessionId}::uuid, ${correlationId} FROM upd
      )
      SELECT version, updated_at FROM upd`;
        if (rows.length === 0 && input.createIfMissing) {
            // The INSERT above is invisible to the UPDATE in the same statement; a brand-new
            // context therefore needs one more pass, which now finds the row.
            return this.applyPatch({ ...input, createIfMissing: false });
        }
        return rows[0] ? { version: rows[0].version, updatedAt: rows[0].updated_at } : null;
    }
    async find(contextId, agentId) {
        return this.prisma.context.findFirst({
            where: { id: contextId, agentId },
            select: { id: true, version: true, state: true, updatedAt: true },
        });
    }
    async history(contextId, afterVersion, limit) {
        return this.prisma.contextUpdate.findMany({
            where: { contextId, version: { gt: afterVersion } },
            orderBy: { version: 'asc' },
            take: limit,
            select: { version: true, patch: true, agentId: true, sessionId: true, correlationId: true, createdAt: true },
        });
    }
};
exports.ContextRepository = ContextRepository;
exports.ContextRepository = ContextRepository = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [prisma_service_1.PrismaService])
], ContextRepository);
//# sourceMappingURL=context.repository.js.map