import type { Type } from '@nestjs/common';
import { parseDto } from './dto-validation';
import { McpError } from './mcp-error';
import type { ParamsParser } from './method-definition';
import { describeValidationErrors, describeZodIssues } from './validation-message';

interface SafeParser<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
}

/** Params checked by one of the SDK's request schemas (the whole request, so the SDK's rules apply). */
export function sdkSchema<T extends { params?: unknown }>(schema: SafeParser<T>): ParamsParser<NonNullable<T['params']>> {
  return (message) => {
    const result = schema.safeParse({ method: message.method, params: message.params });
    if (!result.success) throw invalid(describeZodIssues(result.error.issues));
    return (result.data.params ?? {}) as NonNullable<T['params']>;
  };
}

/** Params checked by a class-validator DTO (Switchboard's own methods). */
export function dto<T extends object>(cls: Type<T>): ParamsParser<T> {
  return (message) => {
    const raw = message.params ?? {};
    if (typeof raw !== 'object' || Array.isArray(raw)) throw invalid(['params: must be an object']);
    const { _meta, ...rest } = raw as Record<string, unknown>;
    const { value, errors } = parseDto(cls, rest);
    if (errors.length) throw invalid(describeValidationErrors(errors, 'params'));
    return value;
  };
}

function invalid(lines: string[]): McpError {
  return McpError.invalidParams(`Invalid params: ${lines.join('; ')}`, { issues: lines });
}
