"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.AuthModule = void 0;
const common_1 = require("@nestjs/common");
const passport_1 = require("@nestjs/passport");
const bearer_authenticator_service_1 = require("./bearer-authenticator.service");
const jwt_strategy_1 = require("./jwt.strategy");
const signing_key_provider_1 = require("./signing-key.provider");
/** Bearer-token verification (passport-jwt) for HTTP requests and WebSocket upgrades. */
let AuthModule = class AuthModule {
};
exports.AuthModule = AuthModule;
exports.AuthModule = AuthModule = __decorate([
    (0, common_1.Module)({
        imports: [passport_1.PassportModule],
        providers: [signing_key_provider_1.SigningKeyProvider, jwt_strategy_1.JwtStrategy, bearer_authenticator_service_1.BearerAuthenticator],
        exports: [bearer_authenticator_service_1.BearerAuthenticator, signing_key_provider_1.SigningKeyProvider],
    })
], AuthModule);
//# sourceMappingURL=auth.module.js.map