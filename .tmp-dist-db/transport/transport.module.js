"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.TransportModule = void 0;
const common_1 = require("@nestjs/common");
const auth_module_1 = require("../auth/auth.module");
const context_module_1 = require("../context/context.module");
const protocol_module_1 = require("../protocol/protocol.module");
const tools_module_1 = require("../tools/tools.module");
const bearer_auth_guard_1 = require("./http/bearer-auth.guard");
const mcp_http_controller_1 = require("./http/mcp-http.controller");
const protected_resource_controller_1 = require("./http/protected-resource.controller");
const mcp_gateway_1 = require("./websocket/mcp.gateway");
const websocket_upgrade_service_1 = require("./websocket/websocket-upgrade.service");
/** The edges: WebSocket gateway and Streamable HTTP at /mcp, plus RFC 9728 metadata. */
let TransportModule = class TransportModule {
};
exports.TransportModule = TransportModule;
exports.TransportModule = TransportModule = __decorate([
    (0, common_1.Module)({
        imports: [auth_module_1.AuthModule, protocol_module_1.ProtocolModule, context_module_1.ContextModule, tools_module_1.ToolsModule],
        controllers: [mcp_http_controller_1.McpHttpController, protected_resource_controller_1.ProtectedResourceController],
        providers: [bearer_auth_guard_1.BearerAuthGuard, mcp_gateway_1.McpGateway, websocket_upgrade_service_1.WebSocketUpgradeService],
        exports: [mcp_gateway_1.McpGateway, websocket_upgrade_service_1.WebSocketUpgradeService],
    })
], TransportModule);
//# sourceMappingURL=transport.module.js.map