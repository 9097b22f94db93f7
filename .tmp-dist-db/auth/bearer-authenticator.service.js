"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.BearerAuthenticator = void 0;
const common_1 = require("@nestjs/common");
const passport_1 = __importDefault(require("passport"));
const auth_error_1 = require("./auth-error");
const CACHE_LIMIT = 10_000;
/**
 * Authenticates a raw Node request (an HTTP request or a WebSocket upgrade) through the
 * passport-jwt strategy. Verified tokens are remembered until they expire, keyed by the
 * whole token (signature included), so repeated requests skip the signature check.
 */
let BearerAuthenticator = class BearerAuthenticator {
    cache = new Map();
    async authenticate(req) {
        const header = req.headers.authorization;
        if (!header)
            throw new auth_error_1.AuthError('missing bearer token', 'invalid_request');
        if (!/^Bearer\s+\S+$/i.test(header))
            throw new auth_error_1.AuthError('Authorization header must be "Bearer <token>"', 'invalid_request');
        const cached = this.cache.get(header);
        if (cached) {
            if (cached.expiresAt * 1000 > Date.now())
                return cached;
            this.cache.delete(header);
        }
        const identity = await this.verify(req);
        if (this.cache.size >= CACHE_LIMIT)
            this.cache.delete(this.cache.keys().next().value);
        this.cache.set(header, identity);
        return identity;
    }
    verify(req) {
        return new Promise((resolve, reject) => {
            const done = (err, user, info) => {
                if (err)
                    return reject(err instanceof auth_error_1.AuthError ? err : new auth_error_1.AuthError('token verification failed'));
                if (!user)
                    return reject(new auth_error_1.AuthError(describeFailure(info)));
                resolve(user);
            };
            passport_1.default.authenticate('jwt', { session: false }, done)(req, {}, (err) => reject(err instanceof auth_error_1.AuthError ? err : new auth_error_1.AuthError('token verification failed')));
        });
    }
};
exports.BearerAuthenticator = BearerAuthenticator;
exports.BearerAuthenticator = BearerAuthenticator = __decorate([
    (0, common_1.Injectable)()
], BearerAuthenticator);
function describeFailure(info) {
    const message = info instanceof Error ? info.message : typeof info === 'string' ? info : 'invalid token';
    // jsonwebtoken's messages are specific and safe ("jwt expired", "jwt audience invalid. expected: …").
    return message.replace(/^jwt /, 'token ');
}
//# sourceMappingURL=bearer-authenticator.service.js.map