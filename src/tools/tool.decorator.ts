import { SetMetadata, Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Icon, ToolAnnotations } from '@modelcontextprotocol/server';

/** Marks a class as hosting MCP capabilities; set for you by {@link Tool}. */
export const McpCapabilityHost = DiscoveryService.createDecorator<Record<string, never>>();

export const TOOL_METADATA = 'switchboard:tool';

export interface ToolOptions {
  /** Unique tool name: 1–128 of `A-Z a-z 0-9 _ - .` */
  name: string;
  /** Human-readable display name. */
  title?: string;
  /** What the tool does, for the model. */
  description: string;
  /** A `class-validator` class; its JSON Schema becomes `inputSchema`. Omit for no arguments. */
  input?: Type<object>;
  /** A `class-validator` class; advertised as `outputSchema`, returned as `structuredContent`. */
  output?: Type<object>;
  /** Scopes the caller's token must carry; without them the tool is not even listed. */
  scopes?: string[];
  annotations?: ToolAnnotations;
  icons?: Icon[];
}

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
export function Tool(options: ToolOptions): MethodDecorator {
  return (target, key, descriptor) => {
    McpCapabilityHost({})(target.constructor);
    SetMetadata(TOOL_METADATA, options)(target, key, descriptor);
  };
}
