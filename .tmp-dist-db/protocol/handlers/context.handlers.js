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
exports.ContextHandlers = void 0;
const common_1 = require("@nestjs/common");
const context_service_1 = require("../../context/context.service");
const context_params_dto_1 = require("../../context/dto/context-params.dto");
const params_parsers_1 = require("../params-parsers");
const scopes_1 = require("../../auth/scopes");
/** context/get, context/update, context/history and the fire-and-forget notifications/context/update. */
let ContextHandlers = class ContextHandlers {
    contexts;
    constructor(contexts) {
        this.contexts = contexts;
    }
    methods() {
        return [
            {
                method: 'context/get',
                parse: (0, params_parsers_1.dto)(context_params_dto_1.ContextGetParams),
                needsSession: true,
                scopes: [scopes_1.CONTEXT_READ],
                run: (p, call) => this.contexts.get(caller(call), p.contextId),
            },
            {
                method: 'context/update',
                parse: (0, params_parsers_1.dto)(context_params_dto_1.ContextUpdateParams),
                needsSession: true,
                scopes: [scopes_1.CONTEXT_WRITE],
                run: (p, call) => this.contexts.update(caller(call), p),
            },
            {
                method: 'notifications/context/update',
                parse: (0, params_parsers_1.dto)(context_params_dto_1.ContextUpdateParams),
                needsSession: true,
                scopes: [scopes_1.CONTEXT_WRITE],
                notification: true,
                run: async (p, call) => {
                    await this.contexts.update(caller(call), p);
                    return {};
                },
            },
            {
                method: 'context/history',
                parse: (0, params_parsers_1.dto)(context_params_dto_1.ContextHistoryParams),
                needsSession: true,
                scopes: [scopes_1.CONTEXT_READ],
                run: (p, call) => this.contexts.history(caller(call), p),
            },
        ];
    }
};
exports.ContextHandlers = ContextHandlers;
exports.ContextHandlers = ContextHandlers = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [context_service_1.ContextService])
], ContextHandlers);
function caller(call) {
    return {
        agentId: call.connection.identity.agentId,
        sessionContextId: call.session?.contextId,
        sessionId: call.session?.id,
        correlationId: call.correlationId,
    };
}
//# sourceMappingURL=context.handlers.js.map