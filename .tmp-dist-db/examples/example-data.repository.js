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
exports.ExampleDataRepository = exports.IdempotencyKeyTakenError = void 0;
const common_1 = require("@nestjs/common");
const node_crypto_1 = require("node:crypto");
const prisma_service_1 = require("../database/prisma.service");
class IdempotencyKeyTakenError extends Error {
}
exports.IdempotencyKeyTakenError = IdempotencyKeyTakenError;
/** The sample business data behind the example tools. */
let ExampleDataRepository = class ExampleDataRepository {
    prisma;
    constructor(prisma) {
        this.prisma = prisma;
    }
    findCustomer(id) {
        return this.prisma.customer.findUnique({ where: { id } });
    }
    /** Ordered by id; `afterId` is the keyset cursor. */
    searchCustomers(filter) {
        return this.prisma.customer.findMany({
            where: {
                ...(filter.tier && { tier: filter.tier }),
                ...(filter.afterId && { id: { gt: filter.afterId } }),
                ...(filter.query && {
                    OR: [
                        { name: { contains: filter.query, mode: 'insensitive' } },
                        { email: { contains: filter.query, mode: 'insensitive' } },
                    ],
                }),
            },
            orderBy: { id: 'asc' },
            take: filter.take,
        });
    }
    /** Creates the ticket, or returns the one an earlier call with the same key created. */
    async createTicket(input) {
        if (input.idempotencyKey) {
            const rows = await this.prisma.ticket.createManyAndReturn({
                data: [{ id: (0, node_crypto_1.randomUUID)(), ...input }],
                skipDuplicates: true,
            });
            if (rows[0])
                return { ticket: rows[0], created: true };
            const existing = await this.prisma.ticket.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
            // Another agent's key is not an answer to this agent's retry.
            if (!existing || existing.createdBy !== input.createdBy)
                throw new IdempotencyKeyTakenError();
            return { ticket: existing, created: false };
        }
        return { ticket: await this.prisma.ticket.create({ data: { id: (0, node_crypto_1.randomUUID)(), ...input } }), created: true };
    }
};
exports.ExampleDataRepository = ExampleDataRepository;
exports.ExampleDataRepository = ExampleDataRepository = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [prisma_service_1.PrismaService])
], ExampleDataRepository);
//# sourceMappingURL=example-data.repository.js.map