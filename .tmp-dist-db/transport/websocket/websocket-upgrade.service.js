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
exports.WebSocketUpgradeService = void 0;
const common_1 = require("@nestjs/common");
const auth_error_1 = require("../../auth/auth-error");
const bearer_authenticator_service_1 = require("../../auth/bearer-authenticator.service");
const bearer_challenge_1 = require("../../auth/bearer-challenge");
const app_config_1 = require("../../config/app-config");
const session_service_1 = require("../../context/session.service");
/**
 * Decides a WebSocket upgrade before it happens: the bearer token must verify, and a
 * requested `Mcp-Session-Id` must name an open session of the same agent (otherwise
 * 404, exactly as for an id that never existed). The accepted upgrade is remembered
 * against the request for the gateway to pick up.
 */
let WebSocketUpgradeService = class WebSocketUpgradeService {
    config;
    authenticator;
    sessions;
    accepted = new WeakMap();
    constructor(config, authenticator, sessions) {
        this.config = config;
        this.authenticator = authenticator;
        this.sessions = sessions;
    }
    async decide(req) {
        let identity;
        try {
            identity = await this.authenticator.authenticate(req);
        }
        catch (err) {
            const reason = err instanceof auth_error_1.AuthError ? err : new auth_error_1.AuthError('token verification failed');
            return {
                ok: false,
                status: 401,
                message: `Unauthorized: ${reason.reason}`,
                headers: { 'WWW-Authenticate': (0, bearer_challenge_1.bearerChallenge)(this.config, { error: reason.oauthError, description: reason.reason }) },
            };
        }
        const requested = req.headers['mcp-session-id'];
        if (typeof requested === 'string' && requested.length > 0) {
            const resumed = await this.sessions.resume(requested, identity.agentId);
            if (!resumed)
                return { ok: false, status: 404, message: 'Session not found', headers: {} };
            this.accepted.set(req, { identity, sessionId: resumed.id, resumed });
        }
        else {
            this.accepted.set(req, { identity, sessionId: this.sessions.newId() });
        }
        return { ok: true };
    }
    take(req) {
        return this.accepted.get(req);
    }
};
exports.WebSocketUpgradeService = WebSocketUpgradeService;
exports.WebSocketUpgradeService = WebSocketUpgradeService = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [app_config_1.AppConfig,
        bearer_authenticator_service_1.BearerAuthenticator,
        session_service_1.SessionService])
], WebSocketUpgradeService);
//# sourceMappingURL=websocket-upgrade.service.js.map