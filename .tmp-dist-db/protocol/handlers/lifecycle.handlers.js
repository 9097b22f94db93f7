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
exports.LifecycleHandlers = exports.CONTEXT_CAPABILITY = void 0;
const common_1 = require("@nestjs/common");
const core_1 = require("@modelcontextprotocol/core");
const session_service_1 = require("../../context/session.service");
const version_1 = require("../../version");
const mcp_error_1 = require("../mcp-error");
const params_parsers_1 = require("../params-parsers");
const protocol_versions_1 = require("../protocol-versions");
/** Switchboard's own methods, advertised under `capabilities.experimental`. */
exports.CONTEXT_CAPABILITY = {
    'switchboard/context': {
        methods: ['context/get', 'context/update', 'context/history', 'notifications/context/update'],
        mergePatch: 'rfc7396',
    },
};
const INSTRUCTIONS = 'Switchboard: tools for business systems. Each session has a durable JSON context: read it with context/get ' +
    '(or the context_get tool) and change it with RFC 7396 merge patches through context/update (or context_update).';
/** initialize, ping, cancellation, logging level. */
let LifecycleHandlers = class LifecycleHandlers {
    sessions;
    constructor(sessions) {
        this.sessions = sessions;
    }
    methods() {
        return [
            {
                method: 'initialize',
                parse: (0, params_parsers_1.sdkSchema)(core_1.InitializeRequestSchema),
                needsSession: false,
                run: async (params, call) => {
                    if (call.connection.session)
                        throw mcp_error_1.McpError.invalidRequest('Session already initialized on this connection');
                    const protocolVersion = (0, protocol_versions_1.negotiateVersion)(params.protocolVersion);
                    const session = await this.sessions.open({
                        id: call.connection.reservedSessionId,
                        agentId: call.connection.identity.agentId,
                        transport: call.connection.transport,
                        protocolVersion,
                        clientInfo: params.clientInfo,
                        clientCapabilities: params.capabilities,
                    });
                    call.connection.session = session;
                    return {
                        protocolVersion,
                        capabilities: { tools: { listChanged: true }, logging: {}, experimental: exports.CONTEXT_CAPABILITY },
                        serverInfo: { name: version_1.SERVER_NAME, title: 'Switchboard', version: version_1.SERVER_VERSION },
                        instructions: INSTRUCTIONS,
                        _meta: { sessionId: session.id, contextId: session.contextId },
                    };
                },
            },
            { method: 'ping', parse: (0, params_parsers_1.sdkSchema)(core_1.PingRequestSchema), needsSession: false, run: () => ({}) },
            { method: 'logging/setLevel', parse: (0, params_parsers_1.sdkSchema)(core_1.SetLevelRequestSchema), needsSession: true, run: () => ({}) },
            { method: 'notifications/initialized', parse: () => ({}), needsSession: false, notification: true, run: () => ({}) },
            {
                method: 'notifications/cancelled',
                parse: (0, params_parsers_1.sdkSchema)(core_1.CancelledNotificationSchema),
                needsSession: false,
                notification: true,
                run: (params, call) => {
                    if (params.requestId !== undefined)
                        call.connection.inFlight.get(params.requestId)?.abort(new Error(params.reason ?? 'cancelled'));
                    return {};
                },
            },
        ];
    }
};
exports.LifecycleHandlers = LifecycleHandlers;
exports.LifecycleHandlers = LifecycleHandlers = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [session_service_1.SessionService])
], LifecycleHandlers);
//# sourceMappingURL=lifecycle.handlers.js.map