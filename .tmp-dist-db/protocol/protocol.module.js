"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ProtocolModule = void 0;
const common_1 = require("@nestjs/common");
const audit_module_1 = require("../audit/audit.module");
const context_module_1 = require("../context/context.module");
const tools_module_1 = require("../tools/tools.module");
const context_handlers_1 = require("./handlers/context.handlers");
const lifecycle_handlers_1 = require("./handlers/lifecycle.handlers");
const sessions_handlers_1 = require("./handlers/sessions.handlers");
const tools_handlers_1 = require("./handlers/tools.handlers");
const mcp_dispatcher_service_1 = require("./mcp-dispatcher.service");
const HANDLERS = [lifecycle_handlers_1.LifecycleHandlers, tools_handlers_1.ToolsHandlers, context_handlers_1.ContextHandlers, sessions_handlers_1.SessionsHandlers];
/** The one MCP dispatcher and the method handlers behind it. */
let ProtocolModule = class ProtocolModule {
};
exports.ProtocolModule = ProtocolModule;
exports.ProtocolModule = ProtocolModule = __decorate([
    (0, common_1.Module)({
        imports: [tools_module_1.ToolsModule, context_module_1.ContextModule, audit_module_1.AuditModule],
        providers: [
            ...HANDLERS,
            { provide: mcp_dispatcher_service_1.MCP_METHOD_PROVIDERS, useFactory: (...handlers) => handlers, inject: HANDLERS },
            mcp_dispatcher_service_1.McpDispatcher,
        ],
        exports: [mcp_dispatcher_service_1.McpDispatcher],
    })
], ProtocolModule);
//# sourceMappingURL=protocol.module.js.map