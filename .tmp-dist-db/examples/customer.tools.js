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
exports.CustomerTools = exports.CUSTOMERS_READ = void 0;
const common_1 = require("@nestjs/common");
const tool_decorator_1 = require("../tools/tool.decorator");
const tool_error_1 = require("../tools/tool-error");
const customer_dto_1 = require("./dto/customer.dto");
const example_data_repository_1 = require("./example-data.repository");
exports.CUSTOMERS_READ = 'customers:read';
/** Read-only customer lookups over the sample dataset. */
let CustomerTools = class CustomerTools {
    data;
    constructor(data) {
        this.data = data;
    }
    async get(input) {
        const customer = await this.data.findCustomer(input.customerId);
        if (!customer)
            throw new tool_error_1.ToolError(`No customer with id ${input.customerId}`);
        return toDto(customer);
    }
    async search(input, ctx) {
        const limit = input.limit ?? 10;
        const afterId = input.cursor ? decodeCursor(input.cursor) : undefined;
        const rows = await this.data.searchCustomers({ query: input.query, tier: input.tier, afterId, take: limit + 1 });
        ctx.progress(1, 1);
        const page = rows.slice(0, limit);
        return {
            customers: page.map(toDto),
            ...(rows.length > limit && { nextCursor: Buffer.from(page[page.length - 1].id).toString('base64url') }),
        };
    }
};
exports.CustomerTools = CustomerTools;
__decorate([
    (0, tool_decorator_1.Tool)({
        name: 'customers_get',
        title: 'Get customer',
        description: 'Looks up one customer by id (e.g. cus_001): name, email, tier, country.',
        input: customer_dto_1.CustomerLookupInput,
        output: customer_dto_1.CustomerDto,
        scopes: [exports.CUSTOMERS_READ],
        annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [customer_dto_1.CustomerLookupInput]),
    __metadata("design:returntype", Promise)
], CustomerTools.prototype, "get", null);
__decorate([
    (0, tool_decorator_1.Tool)({
        name: 'customers_search',
        title: 'Search customers',
        description: 'Searches customers by name or email, optionally by tier; paginated with nextCursor.',
        input: customer_dto_1.CustomerSearchInput,
        output: customer_dto_1.CustomerPage,
        scopes: [exports.CUSTOMERS_READ],
        annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [customer_dto_1.CustomerSearchInput, Object]),
    __metadata("design:returntype", Promise)
], CustomerTools.prototype, "search", null);
exports.CustomerTools = CustomerTools = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [example_data_repository_1.ExampleDataRepository])
], CustomerTools);
function decodeCursor(cursor) {
    const id = Buffer.from(cursor, 'base64url').toString();
    if (!/^cus_[A-Za-z0-9]{1,32}$/.test(id))
        throw new tool_error_1.ToolError('cursor is not one this tool issued');
    return id;
}
function toDto(c) {
    return { id: c.id, name: c.name, email: c.email, tier: c.tier, country: c.country, createdAt: c.createdAt.toISOString() };
}
//# sourceMappingURL=customer.tools.js.map