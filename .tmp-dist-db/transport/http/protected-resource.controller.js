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
exports.ProtectedResourceController = void 0;
const common_1 = require("@nestjs/common");
const scopes_1 = require("../../auth/scopes");
const app_config_1 = require("../../config/app-config");
const tool_registry_service_1 = require("../../tools/tool-registry.service");
/** RFC 9728 protected-resource metadata, at the root and path-aware (`…/mcp`). */
let ProtectedResourceController = class ProtectedResourceController {
    config;
    tools;
    constructor(config, tools) {
        this.config = config;
        this.tools = tools;
    }
    root() {
        return this.metadata();
    }
    mcp() {
        return this.metadata();
    }
    metadata() {
        return {
            resource: this.config.audience,
            ...(this.config.AUTH_ISSUER && { authorization_servers: [this.config.AUTH_ISSUER] }),
            bearer_methods_supported: ['header'],
            scopes_supported: [...new Set([...scopes_1.KNOWN_BASE_SCOPES, ...this.tools.scopes()])].sort(),
            resource_name: 'Switchboard MCP',
        };
    }
};
exports.ProtectedResourceController = ProtectedResourceController;
__decorate([
    (0, common_1.Get)(),
    (0, common_1.Header)('Cache-Control', 'public, max-age=300'),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", void 0)
], ProtectedResourceController.prototype, "root", null);
__decorate([
    (0, common_1.Get)('mcp'),
    (0, common_1.Header)('Cache-Control', 'public, max-age=300'),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", void 0)
], ProtectedResourceController.prototype, "mcp", null);
exports.ProtectedResourceController = ProtectedResourceController = __decorate([
    (0, common_1.Controller)('.well-known/oauth-protected-resource'),
    __metadata("design:paramtypes", [app_config_1.AppConfig,
        tool_registry_service_1.ToolRegistry])
], ProtectedResourceController);
//# sourceMappingURL=protected-resource.controller.js.map