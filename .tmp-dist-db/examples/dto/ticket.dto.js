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
exports.TicketDto = exports.TicketCreateInput = exports.TICKET_PRIORITIES = void 0;
const class_validator_1 = require("class-validator");
const class_validator_jsonschema_1 = require("class-validator-jsonschema");
exports.TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'];
class TicketCreateInput {
    customerId;
    subject;
    priority;
    idempotencyKey;
}
exports.TicketCreateInput = TicketCreateInput;
__decorate([
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.Matches)(/^cus_[A-Za-z0-9]{1,32}$/, { message: 'customerId must look like cus_001' }),
    __metadata("design:type", String)
], TicketCreateInput.prototype, "customerId", void 0);
__decorate([
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.Length)(3, 200),
    __metadata("design:type", String)
], TicketCreateInput.prototype, "subject", void 0);
__decorate([
    (0, class_validator_1.IsIn)(exports.TICKET_PRIORITIES),
    __metadata("design:type", String)
], TicketCreateInput.prototype, "priority", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.Length)(8, 100),
    (0, class_validator_jsonschema_1.JSONSchema)({ description: 'Retrying with the same key returns the ticket created the first time instead of a duplicate' }),
    __metadata("design:type", String)
], TicketCreateInput.prototype, "idempotencyKey", void 0);
class TicketDto {
    id;
    customerId;
    subject;
    priority;
    status;
    createdBy;
    createdAt;
    created;
}
exports.TicketDto = TicketDto;
__decorate([
    (0, class_validator_1.IsUUID)(),
    __metadata("design:type", String)
], TicketDto.prototype, "id", void 0);
__decorate([
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], TicketDto.prototype, "customerId", void 0);
__decorate([
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], TicketDto.prototype, "subject", void 0);
__decorate([
    (0, class_validator_1.IsIn)(exports.TICKET_PRIORITIES),
    __metadata("design:type", String)
], TicketDto.prototype, "priority", void 0);
__decorate([
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], TicketDto.prototype, "status", void 0);
__decorate([
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], TicketDto.prototype, "createdBy", void 0);
__decorate([
    (0, class_validator_1.IsISO8601)(),
    __metadata("design:type", String)
], TicketDto.prototype, "createdAt", void 0);
__decorate([
    (0, class_validator_jsonschema_1.JSONSchema)({ description: 'false when an earlier call with the same idempotencyKey created it' }),
    (0, class_validator_1.IsIn)([true, false]),
    __metadata("design:type", Boolean)
], TicketDto.prototype, "created", void 0);
//# sourceMappingURL=ticket.dto.js.map