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
exports.TicketTools = exports.TICKETS_WRITE = void 0;
const common_1 = require("@nestjs/common");
const tool_decorator_1 = require("../tools/tool.decorator");
const tool_error_1 = require("../tools/tool-error");
const ticket_dto_1 = require("./dto/ticket.dto");
const example_data_repository_1 = require("./example-data.repository");
exports.TICKETS_WRITE = 'tickets:write';
/** Opens support tickets; safe to retry with an idempotency key. */
let TicketTools = class TicketTools {
    data;
    constructor(data) {
        this.data = data;
    }
    async create(input, ctx) {
        if (!(await this.data.findCustomer(input.customerId)))
            throw new tool_error_1.ToolError(`No customer with id ${input.customerId}`);
        const { ticket, created } = await this.data
            .createTicket({ ...input, createdBy: ctx.identity.agentId })
            .catch((err) => {
            if (err instanceof example_data_repository_1.IdempotencyKeyTakenError)
                throw new tool_error_1.ToolError('idempotencyKey is already used by another caller; choose a new one');
            throw err;
        });
        return {
            id: ticket.id,
            customerId: ticket.customerId,
            subject: ticket.subject,
            priority: ticket.priority,
            status: ticket.status,
            createdBy: ticket.createdBy,
            createdAt: ticket.createdAt.toISOString(),
            created,
        };
    }
};
exports.TicketTools = TicketTools;
__decorate([
    (0, tool_decorator_1.Tool)({
        name: 'tickets_create',
        title: 'Open support ticket',
        description: 'Opens a support ticket for a customer. Pass idempotencyKey so that retries never create duplicates.',
        input: ticket_dto_1.TicketCreateInput,
        output: ticket_dto_1.TicketDto,
        scopes: [exports.TICKETS_WRITE],
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [ticket_dto_1.TicketCreateInput, Object]),
    __metadata("design:returntype", Promise)
], TicketTools.prototype, "create", null);
exports.TicketTools = TicketTools = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [example_data_repository_1.ExampleDataRepository])
], TicketTools);
//# sourceMappingURL=ticket.tools.js.map