import type { Type } from '@nestjs/common';
import type { Tool as ToolDefinition } from '@modelcontextprotocol/server';
import type { ToolContext } from './tool-context';

/** A tool as the registry holds it: the advertised definition, built once, and its handler. */
export interface RegisteredTool {
  readonly name: string;
  readonly definition: Readonly<ToolDefinition>;
  readonly scopes: readonly string[];
  readonly inputClass?: Type<object>;
  readonly outputClass?: Type<object>;
  /** `Class.method`, for error messages and logs. */
  readonly where: string;
  readonly handler: (input: object, context: ToolContext) => unknown;
}
