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
exports.CustomerPage = exports.CustomerSearchInput = exports.CustomerLookupInput = exports.CustomerDto = exports.CUSTOMER_TIERS = void 0;
const class_transformer_1 = require("class-transformer");
const class_validator_1 = require("class-validator");
const class_validator_jsonschema_1 = require("class-validator-jsonschema");
exports.CUSTOMER_TIERS = ['free', 'pro', 'enterprise'];
class CustomerDto {
    id;
    name;
    email;
    tier;
    country;
    createdAt;
}
exports.CustomerDto = CustomerDto;
__decorate([
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], CustomerDto.prototype, "id", void 0);
__decorate([
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], CustomerDto.prototype, "name", void 0);
__decorate([
    (0, class_validator_1.IsEmail)(),
    __metadata("design:type", String)
], CustomerDto.prototype, "email", void 0);
__decorate([
    (0, class_validator_1.IsIn)(exports.CUSTOMER_TIERS),
    __metadata("design:type", String)
], CustomerDto.prototype, "tier", void 0);
__decorate([
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.Length)(2, 2),
    __metadata("design:type", String)
], CustomerDto.prototype, "country", void 0);
__decorate([
    (0, class_validator_1.IsISO8601)(),
    __metadata("design:type", String)
], CustomerDto.prototype, "createdAt", void 0);
class CustomerLookupInput {
    customerId;
}
exports.CustomerLookupInput = CustomerLookupInput;
__decorate([
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.Matches)(/^cus_[A-Za-z0-9]{1,32}$/, { message: 'customerId must look like cus_001' }),
    (0, class_validator_jsonschema_1.JSONSchema)({ description: 'Customer id, e.g. cus_001' }),
    __metadata("design:type", String)
], CustomerLookupInput.prototype, "customerId", void 0);
class CustomerSearchInput {
    query;
    tier;
    limit;
    cursor;
}
exports.CustomerSearchInput = CustomerSearchInput;
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.Length)(1, 100),
    (0, class_validator_jsonschema_1.JSONSchema)({ description: 'Case-insensitive match on name or email' }),
    __metadata("design:type", String)
], CustomerSearchInput.prototype, "query", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsIn)(exports.CUSTOMER_TIERS),
    __metadata("design:type", String)
], CustomerSearchInput.prototype, "tier", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1),
    (0, class_validator_1.Max)(50),
    (0, class_validator_jsonschema_1.JSONSchema)({ description: 'Page size (1-50, default 10)' }),
    __metadata("design:type", Number)
], CustomerSearchInput.prototype, "limit", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.Length)(1, 200),
    (0, class_validator_jsonschema_1.JSONSchema)({ description: 'nextCursor from the previous page' }),
    __metadata("design:type", String)
], CustomerSearchInput.prototype, "cursor", void 0);
class CustomerPage {
    customers;
    nextCursor;
}
exports.CustomerPage = CustomerPage;
__decorate([
    (0, class_validator_1.IsArray)(),
    (0, class_validator_1.ValidateNested)({ each: true }),
    (0, class_transformer_1.Type)(() => CustomerDto),
    __metadata("design:type", Array)
], CustomerPage.prototype, "customers", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], CustomerPage.prototype, "nextCursor", void 0);
//# sourceMappingURL=customer.dto.js.map