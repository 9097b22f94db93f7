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
exports.BearerAuthGuard = void 0;
const common_1 = require("@nestjs/common");
const auth_error_1 = require("../../auth/auth-error");
const bearer_authenticator_service_1 = require("../../auth/bearer-authenticator.service");
const bearer_challenge_1 = require("../../auth/bearer-challenge");
const app_config_1 = require("../../config/app-config");
/** Requires a valid bearer token; answers 401 with an RFC 6750/9728 challenge otherwise. */
let BearerAuthGuard = class BearerAuthGuard {
    authenticator;
    config;
    constructor(authenticator, config) {
        this.authenticator = authenticator;
        this.config = config;
    }
    async canActivate(context) {
        const req = context.switchToHttp().getRequest();
        try {
            req.identity = await this.authenticator.authenticate(req);
            return true;
        }
        catch (err) {
            const reason = err instanceof auth_error_1.AuthError ? err : new auth_error_1.AuthError('token verification failed');
            const res = context.switchToHttp().getResponse();
            res.setHeader('WWW-Authenticate', (0, bearer_challenge_1.bearerChallenge)(this.config, { error: reason.oauthError, description: reason.reason }));
            throw new common_1.HttpException({ error: reason.oauthError, error_description: reason.reason }, common_1.HttpStatus.UNAUTHORIZED);
        }
    }
};
exports.BearerAuthGuard = BearerAuthGuard;
exports.BearerAuthGuard = BearerAuthGuard = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [bearer_authenticator_service_1.BearerAuthenticator,
        app_config_1.AppConfig])
], BearerAuthGuard);
//# sourceMappingURL=bearer-auth.guard.js.map