"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var AppModule_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.AppModule = void 0;
const common_1 = require("@nestjs/common");
const audit_module_1 = require("./audit/audit.module");
const auth_module_1 = require("./auth/auth.module");
const config_module_1 = require("./config/config.module");
const context_module_1 = require("./context/context.module");
const database_module_1 = require("./database/database.module");
const examples_module_1 = require("./examples/examples.module");
const health_module_1 = require("./health/health.module");
const protocol_module_1 = require("./protocol/protocol.module");
const tools_module_1 = require("./tools/tools.module");
const transport_module_1 = require("./transport/transport.module");
/** The whole server; feature modules are listed once here. */
let AppModule = AppModule_1 = class AppModule {
    static forRoot(options) {
        return {
            module: AppModule_1,
            imports: [
                config_module_1.ConfigModule.forRoot(options.config),
                database_module_1.DatabaseModule.forRoot(options.databaseUrl),
                health_module_1.HealthModule,
                auth_module_1.AuthModule,
                audit_module_1.AuditModule,
                tools_module_1.ToolsModule,
                context_module_1.ContextModule,
                protocol_module_1.ProtocolModule,
                transport_module_1.TransportModule,
                ...(options.config.examplesEnabled ? [examples_module_1.ExamplesModule] : []),
                ...(options.extraModules ?? []),
            ],
        };
    }
};
exports.AppModule = AppModule;
exports.AppModule = AppModule = AppModule_1 = __decorate([
    (0, common_1.Module)({})
], AppModule);
//# sourceMappingURL=app.module.js.map