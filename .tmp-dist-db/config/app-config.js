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
exports.ConfigError = exports.AppConfig = exports.LOG_LEVELS = void 0;
exports.loadConfig = loadConfig;
const class_transformer_1 = require("class-transformer");
const class_validator_1 = require("class-validator");
const node_path_1 = require("node:path");
const toInt = ({ value }) => value === undefined || value === '' ? undefined : Number(value);
const emptyToUndefined = ({ value }) => (value === '' ? undefined : value);
exports.LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/**
 * The one validated, typed configuration. Built from the environment once at boot by
 * {@link loadConfig}; nothing else in `src/` reads `process.env`.
 */
class AppConfig {
    PORT = 3000;
    HOST;
    DATABASE_URL;
    NODE_ENV = 'development';
    LOG_LEVEL = 'info';
    SWITCHBOARD_FIXTURES;
    /** Loads the example business tools (customers, tickets). Default: on outside production. */
    SWITCHBOARD_EXAMPLES;
    RATE_LIMIT_RPS = 50;
    RATE_LIMIT_BURST = 100;
    /** Where the embedded PostgreSQL and the dev signing secret live. */
    SWITCHBOARD_DATA_DIR = '.data';
    /** Port of the embedded PostgreSQL (only used when DATABASE_URL is unset). */
    EMBEDDED_PG_PORT = 54329;
    /** Externally visible base URL; the default audience and metadata URLs derive from it. */
    PUBLIC_URL;
    /** HS256 signing secret shared with the token issuer (at least 32 characters). */
    AUTH_JWT_SECRET;
    /** JWKS URL of the authorization server, for RS/ES-signed tokens. */
    AUTH_JWKS_URL;
    /** Expected `aud`. Default: `${PUBLIC_URL}/mcp`. */
    AUTH_AUDIENCE;
    /** Expected `iss`, when set. Also advertised as the authorization server. */
    AUTH_ISSUER;
    AUTH_CLOCK_SKEW_SECONDS = 30;
    /** Largest accepted WebSocket frame or HTTP body, in bytes. */
    MAX_MESSAGE_BYTES = 1024 * 1024;
    /** Grace period for in-flight calls on SIGTERM. */
    SHUTDOWN_GRACE_MS = 10_000;
    get isProduction() {
        return this.NODE_ENV === 'production';
    }
    get listenHost() {
        return this.HOST ?? (this.isProduction ? '0.0.0.0' : '127.0.0.1');
    }
    get publicUrl() {
        const host = this.listenHost === '0.0.0.0' ? 'localhost' : this.listenHost;
        return (this.PUBLIC_URL ?? `http://${host}:${this.PORT}`).replace(/\/+$/, '');
    }
    get mcpUrl() {
        return `${this.publicUrl}/mcp`;
    }
    get audience() {
        return this.AUTH_AUDIENCE ?? this.mcpUrl;
    }
    get dataDir() {
        return (0, node_path_1.resolve)(this.SWITCHBOARD_DATA_DIR);
    }
    get examplesEnabled() {
        return this.SWITCHBOARD_EXAMPLES ? this.SWITCHBOARD_EXAMPLES === 'true' : !this.isProduction;
    }
}
exports.AppConfig = AppConfig;
__decorate([
    (0, class_transformer_1.Transform)(toInt),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(0),
    (0, class_validator_1.Max)(65535),
    __metadata("design:type", Object)
], AppConfig.prototype, "PORT", void 0);
__decorate([
    (0, class_transformer_1.Transform)(emptyToUndefined),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], AppConfig.prototype, "HOST", void 0);
__decorate([
    (0, class_transformer_1.Transform)(emptyToUndefined),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.MinLength)(1),
    __metadata("design:type", String)
], AppConfig.prototype, "DATABASE_URL", void 0);
__decorate([
    (0, class_validator_1.IsIn)(['development', 'production', 'test']),
    __metadata("design:type", String)
], AppConfig.prototype, "NODE_ENV", void 0);
__decorate([
    (0, class_validator_1.IsIn)(exports.LOG_LEVELS),
    __metadata("design:type", String)
], AppConfig.prototype, "LOG_LEVEL", void 0);
__decorate([
    (0, class_transformer_1.Transform)(emptyToUndefined),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsIn)(['conformance']),
    __metadata("design:type", String)
], AppConfig.prototype, "SWITCHBOARD_FIXTURES", void 0);
__decorate([
    (0, class_transformer_1.Transform)(emptyToUndefined),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsIn)(['true', 'false']),
    __metadata("design:type", String)
], AppConfig.prototype, "SWITCHBOARD_EXAMPLES", void 0);
__decorate([
    (0, class_transformer_1.Transform)(toInt),
    (0, class_validator_1.IsNumber)(),
    (0, class_validator_1.Min)(0),
    __metadata("design:type", Object)
], AppConfig.prototype, "RATE_LIMIT_RPS", void 0);
__decorate([
    (0, class_transformer_1.Transform)(toInt),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1),
    __metadata("design:type", Object)
], AppConfig.prototype, "RATE_LIMIT_BURST", void 0);
__decorate([
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.MinLength)(1),
    __metadata("design:type", Object)
], AppConfig.prototype, "SWITCHBOARD_DATA_DIR", void 0);
__decorate([
    (0, class_transformer_1.Transform)(toInt),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1),
    (0, class_validator_1.Max)(65535),
    __metadata("design:type", Object)
], AppConfig.prototype, "EMBEDDED_PG_PORT", void 0);
__decorate([
    (0, class_transformer_1.Transform)(emptyToUndefined),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsUrl)({ require_tld: false, require_protocol: true }),
    __metadata("design:type", String)
], AppConfig.prototype, "PUBLIC_URL", void 0);
__decorate([
    (0, class_transformer_1.Transform)(emptyToUndefined),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.MinLength)(32),
    __metadata("design:type", String)
], AppConfig.prototype, "AUTH_JWT_SECRET", void 0);
__decorate([
    (0, class_transformer_1.Transform)(emptyToUndefined),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsUrl)({ require_tld: false, require_protocol: true }),
    __metadata("design:type", String)
], AppConfig.prototype, "AUTH_JWKS_URL", void 0);
__decorate([
    (0, class_transformer_1.Transform)(emptyToUndefined),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], AppConfig.prototype, "AUTH_AUDIENCE", void 0);
__decorate([
    (0, class_transformer_1.Transform)(emptyToUndefined),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], AppConfig.prototype, "AUTH_ISSUER", void 0);
__decorate([
    (0, class_transformer_1.Transform)(toInt),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(0),
    (0, class_validator_1.Max)(300),
    __metadata("design:type", Object)
], AppConfig.prototype, "AUTH_CLOCK_SKEW_SECONDS", void 0);
__decorate([
    (0, class_transformer_1.Transform)(toInt),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1024),
    __metadata("design:type", Object)
], AppConfig.prototype, "MAX_MESSAGE_BYTES", void 0);
__decorate([
    (0, class_transformer_1.Transform)(toInt),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(0),
    __metadata("design:type", Object)
], AppConfig.prototype, "SHUTDOWN_GRACE_MS", void 0);
class ConfigError extends Error {
}
exports.ConfigError = ConfigError;
/** Builds and validates the config; throws a {@link ConfigError} naming every bad variable. */
function loadConfig(env = process.env) {
    const known = Object.keys(new AppConfig());
    const input = {};
    for (const key of known)
        if (env[key] !== undefined)
            input[key] = env[key];
    const config = (0, class_transformer_1.plainToInstance)(AppConfig, input, { exposeDefaultValues: true });
    const errors = (0, class_validator_1.validateSync)(config, { forbidUnknownValues: true });
    if (errors.length > 0) {
        const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(env[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`);
        throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
    }
    if (config.isProduction && !config.AUTH_JWT_SECRET && !config.AUTH_JWKS_URL) {
        throw new ConfigError('Invalid configuration: NODE_ENV=production requires AUTH_JWT_SECRET or AUTH_JWKS_URL (no dev keys in production)');
    }
    return config;
}
//# sourceMappingURL=app-config.js.map