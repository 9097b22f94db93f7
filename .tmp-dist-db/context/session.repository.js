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
exports.SessionRepository = void 0;
const common_1 = require("@nestjs/common");
const prisma_service_1 = require("../database/prisma.service");
/** Sessions and the context each one owns, created together in one transaction. */
let SessionRepository = class SessionRepository {
    prisma;
    constructor(prisma) {
        this.prisma = prisma;
    }
    async create(session) {
        const [, row] = await this.prisma.$transaction([
            this.prisma.context.create({ data: { id: session.contextId, agentId: session.agentId } }),
            this.prisma.session.create({
                data: {
                    id: session.id,
                    agentId: session.agentId,
                    transport: session.transport,
                    protocolVersion: session.protocolVersion,
                    clientInfo: (session.clientInfo ?? undefined),
                    clientCapabilities: (session.clientCapabilities ?? undefined),
                    contextId: session.contextId,
                },
            }),
        ]);
        return row;
    }
    async find(id) {
        return (await this.prisma.session.findUnique({ where: { id } }));
    }
    async touch(id, at) {
        await this.prisma.session.updateMany({ where: { id, closedAt: null }, data: { lastSeenAt: at } });
    }
    async close(id, at) {
        await this.prisma.session.updateMany({ where: { id, closedAt: null }, data: { closedAt: at } });
    }
    /** Newest first; `before` is the `createdAt`/`id` keyset cursor of the previous page. */
    async list(options) {
        const rows = await this.prisma.session.findMany({
            where: {
                ...(options.agentId && { agentId: options.agentId }),
                ...(options.before && {
                    OR: [
                        { createdAt: { lt: options.before.createdAt } },
                        { createdAt: options.before.createdAt, id: { lt: options.before.id } },
                    ],
                }),
            },
            orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
            take: options.limit,
        });
        return rows;
    }
};
exports.SessionRepository = SessionRepository;
exports.SessionRepository = SessionRepository = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [prisma_service_1.PrismaService])
], SessionRepository);
//# sourceMappingURL=session.repository.js.map