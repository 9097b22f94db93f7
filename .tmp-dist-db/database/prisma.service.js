"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PrismaService = exports.DATABASE_URL_TOKEN = void 0;
const adapter_pg_1 = require("@prisma/adapter-pg");
const client_1 = require("../generated/prisma/client");
const database_tokens_1 = require("./database.tokens");
var database_tokens_2 = require("./database.tokens");
Object.defineProperty(exports, "DATABASE_URL_TOKEN", { enumerable: true, get: function () { return database_tokens_2.DATABASE_URL_TOKEN; } });
/**
 * The one Prisma client of the process: Prisma's Rust-free client over a `pg` pool. Only
 * repositories use it. {@link DatabaseModule} builds it from `DATABASE_URL_TOKEN`; it has no
 * Nest decorators of its own so that specs and scripts can also construct it directly.
 */
class PrismaService extends client_1.PrismaClient {
    constructor(connectionString, poolSize = database_tokens_1.DEFAULT_DATABASE_POOL_SIZE) {
        super({ adapter: new adapter_pg_1.PrismaPg({ connectionString, max: poolSize }) });
    }
    async onModuleInit() {
        await this.$connect();
    }
    async onModuleDestroy() {
        await this.$disconnect();
    }
}
exports.PrismaService = PrismaService;
//# sourceMappingURL=prisma.service.js.map