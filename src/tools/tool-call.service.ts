import { Injectable, Logger } from '@nestjs/common';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { parseDto } from '../protocol/dto-validation';
import { hasScopes } from '../auth/agent-identity';
import { McpError, ErrorCode } from '../protocol/mcp-error';
import { describeValidationErrors } from '../protocol/validation-message';
import type { RegisteredTool } from './registered-tool';
import type { ToolContext } from './tool-context';
import { ToolError } from './tool-error';
import { InputRequired } from './input-required';
import { ToolRegistry } from './tool-registry.service';
import { isDatabaseUnavailable } from '../database/database-errors';

/** Revisions from 2025-11-25 on report bad tool arguments as a tool error the model can fix. */
const INPUT_ERRORS_AS_RESULTS_SINCE = '2025-11-25';

export interface ToolCallOutcome {
  result: CallToolResult;
  tool: RegisteredTool;
  /** `ok`, `tool_error` (isError result) or `invalid_input`. */
  outcome: 'ok' | 'tool_error' | 'invalid_input';
}

/**
 * Runs one tool call: scope check, input validation against the input class, the
 * handler, then output validation against the declared output class before anything
 * leaves. A handler's `ToolError` (or any unexpected exception) becomes `isError: true`.
 */
@Injectable()
export class ToolCallService {
  private readonly logger = new Logger(ToolCallService.name);

  constructor(private readonly registry: ToolRegistry) {}

  async call(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: ToolContext,
    protocolVersion?: string,
  ): Promise<ToolCallOutcome> {
    const tool = this.registry.get(name);
    if (!tool) throw McpError.invalidParams(`Unknown tool: ${name}`, { tool: name });
    if (!hasScopes(ctx.identity, tool.scopes)) throw McpError.insufficientScope(tool.scopes, `tool ${name}`);

    const parsed = this.parseInput(tool, args ?? {});
    if (typeof parsed === 'string') {
      const message = `Invalid arguments for tool ${name}: ${parsed}`;
      if (protocolVersion && protocolVersion < INPUT_ERRORS_AS_RESULTS_SINCE) throw McpError.invalidParams(message, { tool: name });
      return { tool, outcome: 'invalid_input', result: errorResult(message) };
    }

    let value: unknown;
    try {
      value = await tool.handler(parsed, ctx);
    } catch (err) {
      if (err instanceof McpError || err instanceof InputRequired) throw err;
      // An outage is the server's condition, not the tool's answer: a retriable protocol error.
      if (isDatabaseUnavailable(err)) throw err;
      if (err instanceof ToolError) return { tool, outcome: 'tool_error', result: errorResult(err.message) };
      this.logger.error({ msg: 'tool handler failed', tool: name, correlationId: ctx.correlationId, err });
      return {
        tool,
        outcome: 'tool_error',
        result: errorResult(`Tool ${name} failed with an internal error (correlation id ${ctx.correlationId})`),
      };
    }
    return { tool, outcome: 'ok', result: this.toResult(tool, value) };
  }

  private parseInput(tool: RegisteredTool, args: Record<string, unknown>): object | string {
    if (!tool.inputClass) {
      const extra = Object.keys(args);
      return extra.length ? `${extra[0]}: tool takes no arguments` : {};
    }
    const { value, errors } = parseDto(tool.inputClass, args);
    return errors.length ? describeValidationErrors(errors).join('; ') : value;
  }

  private toResult(tool: RegisteredTool, value: unknown): CallToolResult {
    if (tool.outputClass) {
      const errors = value && typeof value === 'object' ? parseDto(tool.outputClass, value as Record<string, unknown>).errors : [];
      if (!value || typeof value !== 'object' || errors.length) {
        const detail = errors.length ? describeValidationErrors(errors).join('; ') : 'handler returned no object';
        this.logger.error({ msg: 'tool output failed validation', tool: tool.name, detail });
        throw new McpError(ErrorCode.InternalError, `Tool ${tool.name} produced output that violates its outputSchema: ${detail}`, {
          tool: tool.name,
        });
      }
      const structured = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
      return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
    }
    if (typeof value === 'string') return { content: [{ type: 'text', text: value }] };
    if (isCallToolResult(value)) return value;
    return { content: [{ type: 'text', text: JSON.stringify(value ?? null) }] };
  }
}

function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

function isCallToolResult(value: unknown): value is CallToolResult {
  return !!value && typeof value === 'object' && Array.isArray((value as CallToolResult).content);
}
