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
exports.SigningKeyProvider = void 0;
const common_1 = require("@nestjs/common");
const jwks_rsa_1 = require("jwks-rsa");
const app_config_1 = require("../config/app-config");
const dev_secret_1 = require("./dev-secret");
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
/**
 * Where verification keys come from: an HS256 secret (configured, or the dev secret in
 * the data directory), or the authorization server's JWKS (cached, refetched when a
 * token names an unknown `kid`, so keys rotate without a restart). The allowed
 * algorithms follow from the key type, which rules out `alg: none` and HS/RS confusion.
 */
let SigningKeyProvider = class SigningKeyProvider {
    algorithms;
    provide;
    mode;
    constructor(config) {
        if (config.AUTH_JWKS_URL) {
            this.mode = 'jwks';
            this.algorithms = [...ASYMMETRIC_ALGORITHMS];
            this.provide = (0, jwks_rsa_1.passportJwtSecret)({
                jwksUri: config.AUTH_JWKS_URL,
                cache: true,
                cacheMaxAge: 10 * 60_000,
                rateLimit: true,
                jwksRequestsPerMinute: 10,
            });
            return;
        }
        const secret = config.AUTH_JWT_SECRET ?? (0, dev_secret_1.loadOrCreateDevSecret)(config.dataDir);
        this.mode = config.AUTH_JWT_SECRET ? 'hs256' : 'dev';
        this.algorithms = ['HS256'];
        this.provide = (_req, _raw, done) => done(null, secret);
    }
};
exports.SigningKeyProvider = SigningKeyProvider;
exports.SigningKeyProvider = SigningKeyProvider = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [app_config_1.AppConfig])
], SigningKeyProvider);
//# sourceMappingURL=signing-key.provider.js.map