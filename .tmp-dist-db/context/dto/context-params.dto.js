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
exports.ContextHistoryParams = exports.ContextUpdateParams = exports.ContextGetParams = void 0;
const class_validator_1 = require("class-validator");
const class_validator_jsonschema_1 = require("class-validator-jsonschema");
/** `context/get` params, also the `context_get` tool's input. */
class ContextGetParams {
    contextId;
}
exports.ContextGetParams = ContextGetParams;
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsUUID)(),
    (0, class_validator_jsonschema_1.JSONSchema)({ description: "Context id; omit for the session's own context" }),
    __metadata("design:type", String)
], ContextGetParams.prototype, "contextId", void 0);
/** `context/update` params, also the `context_update` tool's input. */
class ContextUpdateParams {
    contextId;
    patch;
    ifVersion;
}
exports.ContextUpdateParams = ContextUpdateParams;
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsUUID)(),
    (0, class_validator_jsonschema_1.JSONSchema)({ description: "Context id; omit for the session's own context. A new UUID creates a context you own." }),
    __metadata("design:type", String)
], ContextUpdateParams.prototype, "contextId", void 0);
__decorate([
    (0, class_validator_1.IsDefined)(),
    (0, class_validator_1.IsObject)(),
    (0, class_validator_jsonschema_1.JSONSchema)({ description: 'RFC 7396 JSON merge patch: null deletes a key, objects merge, anything else replaces' }),
    __metadata("design:type", Object)
], ContextUpdateParams.prototype, "patch", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(0),
    (0, class_validator_jsonschema_1.JSONSchema)({ description: 'Apply only if the context is at this version; otherwise a conflict error carries the current version' }),
    __metadata("design:type", Number)
], ContextUpdateParams.prototype, "ifVersion", void 0);
/** `context/history` params. */
class ContextHistoryParams {
    contextId;
    afterVersion;
    limit;
    cursor;
}
exports.ContextHistoryParams = ContextHistoryParams;
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsUUID)(),
    __metadata("design:type", String)
], ContextHistoryParams.prototype, "contextId", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(0),
    __metadata("design:type", Number)
], ContextHistoryParams.prototype, "afterVersion", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1),
    (0, class_validator_1.Max)(500),
    __metadata("design:type", Number)
], ContextHistoryParams.prototype, "limit", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], ContextHistoryParams.prototype, "cursor", void 0);
//# sourceMappingURL=context-params.dto.js.map