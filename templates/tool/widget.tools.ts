import { Injectable } from '@nestjs/common';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { Tool } from '../../src/tools/tool.decorator';
import type { ToolContext } from '../../src/tools/tool-context';
import { ToolError } from '../../src/tools/tool-error';

export const WIDGET_READ = 'widget:read';
export const WIDGET_WRITE = 'widget:write';

export class WidgetLookupInput {
  @IsString()
  @Matches(/^W-\d{1,6}$/)
  @JSONSchema({ description: 'Widget id, e.g. W-42' })
  id!: string;
}

export class WidgetLookupOutput {
  @IsString() id!: string;
  @IsString() label!: string;
  /** How many lookups this session made so far (kept in the session's durable context). */
  @IsInt() @Min(1) lookups!: number;
}

export class WidgetRenameInput {
  @IsString() @Matches(/^W-\d{1,6}$/) id!: string;
  @IsString() @Length(1, 80) label!: string;
  @IsOptional() @IsBoolean()
  @JSONSchema({ description: 'Skip the confirmation question' })
  force?: boolean;
}

export class WidgetRenameOutput {
  @IsString() id!: string;
  @IsBoolean() renamed!: boolean;
}

/** Widget tools: a read-only lookup and a confirmed rename. Replace the bodies with your logic. */
@Injectable()
export class WidgetTools {
  @Tool({
    name: 'widget_lookup',
    title: 'Look up a widget',
    description: 'One widget by id, with how often this session looked widgets up.',
    input: WidgetLookupInput,
    output: WidgetLookupOutput,
    scopes: [WIDGET_READ],
    annotations: { readOnlyHint: true, openWorldHint: false },
  })
  async lookup(input: WidgetLookupInput, ctx: ToolContext): Promise<WidgetLookupOutput> {
    ctx.progress(0, 2, 'looking up');
    if (input.id === 'W-0') throw new ToolError(`There is no widget ${input.id}`); // → isError: true
    ctx.log('info', { id: input.id, step: 'lookup' }, 'widget');

    const { state, version } = await ctx.context.get();
    const lookups = Number((state as { widgetLookups?: number }).widgetLookups ?? 0) + 1;
    await ctx.context.update({ widgetLookups: lookups }, version); // ifVersion: a concurrent update fails, not lost
    ctx.progress(2, 2, 'done');
    return { id: input.id, label: `Widget ${input.id}`, lookups };
  }

  @Tool({
    name: 'widget_rename',
    title: 'Rename a widget',
    description: 'Renames a widget after the user confirms (elicitation), unless force is set.',
    input: WidgetRenameInput,
    output: WidgetRenameOutput,
    scopes: [WIDGET_WRITE],
    annotations: { destructiveHint: false, idempotentHint: true },
  })
  async rename(input: WidgetRenameInput, ctx: ToolContext): Promise<WidgetRenameOutput> {
    if (!input.force) {
      const answer = await ctx.elicit({
        mode: 'form',
        message: `Rename ${input.id} to "${input.label}"?`,
        requestedSchema: { type: 'object', properties: { confirm: { type: 'boolean', title: 'Rename it' } }, required: ['confirm'] },
      });
      if (answer.action !== 'accept' || answer.content?.confirm !== true) return { id: input.id, renamed: false };
    }
    if (ctx.signal.aborted) throw new ToolError('cancelled');
    return { id: input.id, renamed: true };
  }
}
