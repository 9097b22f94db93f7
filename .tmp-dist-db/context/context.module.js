"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ContextModule = void 0;
const common_1 = require("@nestjs/common");
const context_repository_1 = require("./context.repository");
const context_service_1 = require("./context.service");
const context_tools_1 = require("./context.tools");
const session_repository_1 = require("./session.repository");
const session_service_1 = require("./session.service");
/** Sessions and contexts, durable in PostgreSQL. */
let ContextModule = class ContextModule {
};
exports.ContextModule = ContextModule;
exports.ContextModule = ContextModule = __decorate([
    (0, common_1.Module)({
        providers: [session_repository_1.SessionRepository, session_service_1.SessionService, context_repository_1.ContextRepository, context_service_1.ContextService, context_tools_1.ContextTools],
        exports: [session_service_1.SessionService, context_service_1.ContextService],
    })
], ContextModule);
//# sourceMappingURL=context.module.js.map