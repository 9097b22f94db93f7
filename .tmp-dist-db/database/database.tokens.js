"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_DATABASE_POOL_SIZE = exports.DATABASE_POOL_SIZE_TOKEN = exports.DATABASE_URL_TOKEN = void 0;
/** Injection token for the PostgreSQL connection string the app (or a test) runs against. */
exports.DATABASE_URL_TOKEN = Symbol('DATABASE_URL');
/** Injection token for the size of PrismaService's connection pool. */
exports.DATABASE_POOL_SIZE_TOKEN = Symbol('DATABASE_POOL_SIZE');
exports.DEFAULT_DATABASE_POOL_SIZE = 10;
//# sourceMappingURL=database.tokens.js.map