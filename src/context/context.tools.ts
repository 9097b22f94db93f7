import { Injectable } from '@nestjs/common';
import { IsDefined, IsInt, IsISO8601, IsUUID, Min } from 'class-validator';
import { CONTEXT_READ, CONTEXT_WRITE } from '../auth/scopes';
import { Tool } from '../tools/tool.decorator';
import type { ToolContext } from '../tools/tool-context';
import { ContextService } from './context.service';
import { ContextGetParams, ContextUpdateParams } from './dto/context-params.dto';

export class ContextSnapshotOutput {
  @IsUUID() contextId!: string;
  @IsInt() @Min(0) version!: number;
  @IsDefined() state!: unknown;
  @IsISO8601() updatedAt!: string;
}

export class ContextVersionOutput {
  @IsUUID() contextId!: string;
  @IsInt() @Min(1) version!: number;
}

/** The context methods as tools, for MCP clients that only know tools. */
@Injectable()
export class ContextTools {
  constructor(private readonly contexts: ContextService) {}

  @Tool({
    name: 'context_get',
    title: 'Read working context',
    description: "Reads a durable JSON context (the session's own when contextId is omitted): its state and version.",
    input: ContextGetParams,
    output: ContextSnapshotOutput,
    scopes: [CONTEXT_READ],
    annotations: { readOnlyHint: true, openWorldHint: false },
  })
  get(input: ContextGetParams, ctx: ToolContext) {
    return this.contexts.get(caller(ctx), input.contextId);
  }

  @Tool({
    name: 'context_update',
    title: 'Update working context',
    description:
      'Applies an RFC 7396 JSON merge patch to a durable context; committed before the reply. Use ifVersion for optimistic concurrency.',
    input: ContextUpdateParams,
    output: ContextVersionOutput,
    scopes: [CONTEXT_WRITE],
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  })
  update(input: ContextUpdateParams, ctx: ToolContext) {
    return this.contexts.update(caller(ctx), input);
  }
}

function caller(ctx: ToolContext) {
  return { agentId: ctx.identity.agentId, sessionContextId: ctx.contextId, sessionId: ctx.sessionId, correlationId: ctx.correlationId };
}
