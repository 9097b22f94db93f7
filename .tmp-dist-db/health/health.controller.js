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
exports.HealthController = void 0;
const common_1 = require("@nestjs/common");
const terminus_1 = require("@nestjs/terminus");
const database_health_1 = require("./database.health");
const lifecycle_state_service_1 = require("./lifecycle-state.service");
/** Kubernetes probes (paths in health.paths.ts). Liveness depends on nothing. */
let HealthController = class HealthController {
    health;
    indicators;
    database;
    lifecycle;
    constructor(health, indicators, database, lifecycle) {
        this.health = health;
        this.indicators = indicators;
        this.database = database;
        this.lifecycle = lifecycle;
    }
    live() {
        return this.health.check([]);
    }
    ready() {
        return this.health.check([() => this.accepting(), () => this.database.reachable(), () => this.database.migrated()]);
    }
    startup() {
        return this.health.check([() => this.database.reachable(), () => this.database.migrated()]);
    }
    accepting() {
        const indicator = this.indicators.check('lifecycle');
        return this.lifecycle.isDraining ? indicator.down({ reason: 'shutting down' }) : indicator.up();
    }
};
exports.HealthController = HealthController;
__decorate([
    (0, common_1.Get)('live'),
    (0, terminus_1.HealthCheck)(),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", void 0)
], HealthController.prototype, "live", null);
__decorate([
    (0, common_1.Get)('ready'),
    (0, terminus_1.HealthCheck)(),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", void 0)
], HealthController.prototype, "ready", null);
__decorate([
    (0, common_1.Get)('startup'),
    (0, terminus_1.HealthCheck)(),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", void 0)
], HealthController.prototype, "startup", null);
exports.HealthController = HealthController = __decorate([
    (0, common_1.Controller)('health'),
    __metadata("design:paramtypes", [terminus_1.HealthCheckService,
        terminus_1.HealthIndicatorService,
        database_health_1.DatabaseHealth,
        lifecycle_state_service_1.LifecycleState])
], HealthController);
//# sourceMappingURL=health.controller.js.map