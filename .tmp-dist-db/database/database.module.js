"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var DatabaseModule_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.DatabaseModule = void 0;
const common_1 = require("@nestjs/common");
const database_tokens_1 = require("./database.tokens");
const migration_status_service_1 = require("./migration-status.service");
const prisma_service_1 = require("./prisma.service");
/**
 * PostgreSQL access for the whole app: {@link PrismaService} (for repositories) and
 * {@link MigrationStatusService} (for the readiness probe). The database itself is provisioned
 * and migrated before the app is built (see `provisionDatabase`).
 *
 * @example
 * const db = await provisionDatabase(config);
 * @Module({ imports: [DatabaseModule.forRoot(db.databaseUrl)] })
 * class AppModule {}
 */
let DatabaseModule = DatabaseModule_1 = class DatabaseModule {
    static forRoot(databaseUrl, options = {}) {
        return {
            module: DatabaseModule_1,
            providers: [
                { provide: database_tokens_1.DATABASE_URL_TOKEN, useValue: databaseUrl },
                { provide: database_tokens_1.DATABASE_POOL_SIZE_TOKEN, useValue: options.poolSize ?? database_tokens_1.DEFAULT_DATABASE_POOL_SIZE },
                {
                    provide: prisma_service_1.PrismaService,
                    useFactory: (url, poolSize) => new prisma_service_1.PrismaService(url, poolSize),
                    inject: [database_tokens_1.DATABASE_URL_TOKEN, database_tokens_1.DATABASE_POOL_SIZE_TOKEN],
                },
                {
                    provide: migration_status_service_1.MigrationStatusService,
                    useFactory: (url) => new migration_status_service_1.MigrationStatusService(url),
                    inject: [database_tokens_1.DATABASE_URL_TOKEN],
                },
            ],
            exports: [database_tokens_1.DATABASE_URL_TOKEN, prisma_service_1.PrismaService, migration_status_service_1.MigrationStatusService],
        };
    }
};
exports.DatabaseModule = DatabaseModule;
exports.DatabaseModule = DatabaseModule = DatabaseModule_1 = __decorate([
    (0, common_1.Global)(),
    (0, common_1.Module)({})
], DatabaseModule);
//# sourceMappingURL=database.module.js.map