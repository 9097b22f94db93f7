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
exports.SessionsHandlers = exports.SessionsListParams = void 0;
const common_1 = require("@nestjs/common");
const class_validator_1 = require("class-validator");
const scopes_1 = require("../../auth/scopes");
const session_service_1 = require("../../context/session.service");
const params_parsers_1 = require("../params-parsers");
class SessionsListParams {
    agentId;
    limit;
    cursor;
}
exports.SessionsListParams = SessionsListParams;
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.MaxLength)(200),
    __metadata("design:type", String)
], SessionsListParams.prototype, "agentId", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1),
    (0, class_validator_1.Max)(500),
    __metadata("design:type", Number)
], SessionsListParams.prototype, "limit", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], SessionsListParams.prototype, "cursor", void 0);
/** sessions/list: the operators' view of stored sessions (`sessions:admin`). */
let SessionsHandlers = class SessionsHandlers {
    sessions;
    constructor(sessions) {
        this.sessions = sessions;
    }
    methods() {
        return [
            {
                method: 'sessions/list',
                parse: (0, params_parsers_1.dto)(SessionsListParams),
                needsSession: true,
                scopes: [scopes_1.SESSIONS_ADMIN],
                run: (p) => this.sessions.list(p),
            },
        ];
    }
};
exports.SessionsHandlers = SessionsHandlers;
exports.SessionsHandlers = SessionsHandlers = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [session_service_1.SessionService])
], SessionsHandlers);
//# sourceMappingURL=sessions.handlers.js.map