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
exports.DatabaseHealth = void 0;
const common_1 = require("@nestjs/common");
const terminus_1 = require("@nestjs/terminus");
const migration_status_service_1 = require("../database/migration-status.service");
const prisma_service_1 = require("../database/prisma.service");
const PING_TIMEOUT_MS = 2_000;
/** Database reachable (a bounded `SELECT 1`) and every shipped migration applied. */
let DatabaseHealth = class DatabaseHealth {
    indicators;
    prisma;
    migrations;
    constructor(indicators, prisma, migrations) {
        this.indicators = indicators;
        this.prisma = prisma;
        this.migrations = migrations;
    }
    async reachable() {
        const indicator = this.indicators.check('database');
        try {
            await withTimeout(this.prisma.$queryRaw `SELECT 1`, PING_TIMEOUT_MS);
            return indicator.up();
        }
        catch (err) {
            return indicator.down({ reason: `database unreachable: ${err.message}` });
        }
    }
    async migrated() {
        const indicator = this.indicators.check('migrations');
        try {
            const pending = await withTimeout(this.migrations.pending(), PING_TIMEOUT_MS);
            return pending.length === 0 ? indicator.up() : indicator.down({ reason: 'migrations pending', pending });
        }
        catch (err) {
            return indicator.down({ reason: `cannot read migration state: ${err.message}` });
        }
    }
};
exports.DatabaseHealth = DatabaseHealth;
exports.DatabaseHealth = DatabaseHealth = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [terminus_1.HealthIndicatorService,
        prisma_service_1.PrismaService,
        migration_status_service_1.MigrationStatusService])
], DatabaseHealth);
function withTimeout(promise, ms) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
//# sourceMappingURL=database.health.js.map