"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TOOL_METADATA = exports.McpCapabilityHost = void 0;
exports.Tool = Tool;
const common_1 = require("@nestjs/common");
const core_1 = require("@nestjs/core");
/** Marks a class as hosting MCP capabilities; set for you by {@link Tool}. */
exports.McpCapabilityHost = core_1.DiscoveryService.createDecorator();
exports.TOOL_METADATA = 'switchboard:tool';
/**
 * Registers a method of an injectable class as an MCP tool. The method receives the
 * validated input instance and a {@link ToolContext}; it returns the output (an
 * instance or plain object matching `output`), a string, or a full `CallToolResult`.
 * Throw a `ToolError` for a failure the agent should see as `isError: true`.
 *
 * @example
 * ```ts
 * class LookupInput {
 *   @IsString() @Length(1, 64) customerId!: string;
 * }
 *
 * @Injectable()
 * export class CustomerTools {
 *   constructor(private readonly customers: CustomerRepository) {}
 *
 *   @Tool({ name: 'customers_get', description: 'One customer by id', input: LookupInput, output: CustomerDto, scopes: ['customers:read'] })
 *   async get(input: LookupInput): Promise<CustomerDto> {
 *     return this.customers.require(input.customerId);
 *   }
 * }
 * ```
 */
function Tool(options) {
    return (target, key, descriptor) => {
        (0, exports.McpCapabilityHost)({})(target.constructor);
        (0, common_1.SetMetadata)(exports.TOOL_METADATA, options)(target, key, descriptor);
    };
}
//# sourceMappingURL=tool.decorator.js.map