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
exports.SessionService = void 0;
const common_1 = require("@nestjs/common");
const node_crypto_1 = require("node:crypto");
const mcp_error_1 = require("../protocol/mcp-error");
const session_repository_1 = require("./session.repository");
const CACHE_LIMIT = 10_000;
const CACHE_TTL_MS = 30_000;
const TOUCH_INTERVAL_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Sessions live in PostgreSQL; this replica only caches them briefly. A session is
 * visible to its own agent only: for anyone else it does not exist.
 */
let SessionService = class SessionService {
    sessions;
    cache = new Map();
    constructor(sessions) {
        this.sessions = sessions;
    }
    newId() {
        return (0, node_crypto_1.randomUUID)();
    }
    isValidId(id) {
        return UUID.test(id);
    }
    async open(input) {
        const record = await this.sessions.create({
            id: input.id ?? this.newId(),
            agentId: input.agentId,
            transport: input.transport,
            protocolVersion: input.protocolVersion,
            clientInfo: input.clientInfo,
            clientCapabilities: input.clientCapabilities,
            contextId: (0, node_crypto_1.randomUUID)(),
        });
        return this.remember(toSession(record));
    }
    /** The open session with this id owned by this agent, or null (unknown, closed, or someone else's). */
    async resume(id, agentId) {
        if (!this.isValidId(id))
            return null;
        const now = Date.now();
        const hit = this.cache.get(id);
        if (hit && now - hit.loadedAt < CACHE_TTL_MS) {
            if (hit.session.agentId !== agentId)
                return null;
            if (now - hit.touchedAt > TOUCH_INTERVAL_MS) {
                hit.touchedAt = now;
                void this.sessions.touch(id, new Date(now)).catch(() => undefined);
            }
            return hit.session;
        }
        const record = await this.sessions.find(id);
        if (!record || record.closedAt || record.agentId !== agentId)
            return null;
        void this.sessions.touch(id, new Date(now)).catch(() => undefined);
        return this.remember(toSession(record));
    }
    async close(id) {
        this.cache.delete(id);
        await this.sessions.close(id, new Date());
    }
    /** Operators' view (`sessions:admin`): newest first, keyset-paginated. */
    async list(options) {
        const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
        const before = options.cursor ? decodeCursor(options.cursor) : undefined;
        if (options.cursor && !before)
            throw mcp_error_1.McpError.invalidParams('cursor: not a cursor this server issued');
        const rows = await this.sessions.list({ agentId: options.agentId, limit: limit + 1, before });
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return {
            sessions: page.map((r) => ({
                ...r,
                createdAt: r.createdAt.toISOString(),
                lastSeenAt: r.lastSeenAt.toISOString(),
                closedAt: r.closedAt?.toISOString() ?? null,
            })),
            ...(rows.length > limit && last && { nextCursor: encodeCursor(last.createdAt, last.id) }),
        };
    }
    remember(session) {
        if (this.cache.size >= CACHE_LIMIT)
            this.cache.delete(this.cache.keys().next().value);
        const now = Date.now();
        this.cache.set(session.id, { session, loadedAt: now, touchedAt: now });
        return session;
    }
};
exports.SessionService = SessionService;
exports.SessionService = SessionService = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [session_repository_1.SessionRepository])
], SessionService);
function toSession(record) {
    return {
        id: record.id,
        agentId: record.agentId,
        transport: record.transport,
        protocolVersion: record.protocolVersion,
        contextId: record.contextId,
        clientCapabilities: (record.clientCapabilities ?? undefined),
    };
}
function encodeCursor(createdAt, id) {
    return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}
function decodeCursor(cursor) {
    try {
        const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString());
        const createdAt = new Date(at);
        if (!Number.isNaN(createdAt.getTime()) && typeof id === 'string')
            return { createdAt, id };
    }
    catch {
        /* fall through */
    }
    return undefined;
}
//# sourceMappingURL=session.service.js.map