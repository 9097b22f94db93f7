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
exports.JwtStrategy = void 0;
const common_1 = require("@nestjs/common");
const passport_1 = require("@nestjs/passport");
const passport_jwt_1 = require("passport-jwt");
const app_config_1 = require("../config/app-config");
const auth_error_1 = require("./auth-error");
const signing_key_provider_1 = require("./signing-key.provider");
/**
 * passport-jwt strategy shared by HTTP requests and WebSocket upgrades: signature,
 * `aud`, `iss` (when configured), `exp`/`nbf` with a small clock skew; then the claims
 * the MCP side needs (`sub`, `exp` required; `scope` space-separated).
 */
let JwtStrategy = class JwtStrategy extends (0, passport_1.PassportStrategy)(passport_jwt_1.Strategy, 'jwt') {
    constructor(config, keys) {
        super({
            jwtFromRequest: passport_jwt_1.ExtractJwt.fromAuthHeaderAsBearerToken(),
            secretOrKeyProvider: keys.provide,
            algorithms: keys.algorithms,
            audience: config.audience,
            issuer: config.AUTH_ISSUER,
            jsonWebTokenOptions: { clockTolerance: config.AUTH_CLOCK_SKEW_SECONDS },
        });
    }
    validate(payload) {
        if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 200) {
            throw new auth_error_1.AuthError('token has no valid sub claim');
        }
        if (typeof payload.exp !== 'number')
            throw new auth_error_1.AuthError('token has no exp claim');
        if (payload.scope !== undefined && typeof payload.scope !== 'string') {
            throw new auth_error_1.AuthError('token scope claim must be a space-separated string');
        }
        const scopes = new Set((payload.scope ?? '').split(' ').filter(Boolean));
        return { agentId: payload.sub, scopes, expiresAt: payload.exp };
    }
};
exports.JwtStrategy = JwtStrategy;
exports.JwtStrategy = JwtStrategy = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [app_config_1.AppConfig, signing_key_provider_1.SigningKeyProvider])
], JwtStrategy);
//# sourceMappingURL=jwt.strategy.js.map