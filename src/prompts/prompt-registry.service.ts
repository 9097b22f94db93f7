import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { GetPromptResult, Prompt as PromptDefinition } from '@modelcontextprotocol/server';
import { type AgentIdentity, hasScopes } from '../auth/agent-identity';
import { McpError } from '../protocol/mcp-error';
import type { RequestContext } from '../resources/resource-context';
import { bindCompleters, type ArgumentCompleter } from '../resources/resource.decorator';
import { discoverMethods } from '../tools/capability-discovery';
import { PROMPT_METADATA, type PromptBody, type PromptOptions } from './prompt.decorator';

interface PromptEntry {
  definition: PromptDefinition;
  scopes: string[];
  complete: Record<string, ArgumentCompleter>;
  handler: (args: Record<string, string>, ctx: RequestContext) => unknown;
}

/** `@Prompt` discovery, listing, rendering and argument completion. */
@Injectable()
export class PromptRegistry implements OnModuleInit {
  private readonly prompts = new Map<string, PromptEntry>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const found of discoverMethods<PromptOptions>(this.discovery, this.scanner, this.reflector, PROMPT_METADATA)) {
      const { scopes, complete, ...definition } = found.options;
      if (this.prompts.has(definition.name)) throw new Error(`Invalid prompt ${found.where}: duplicate name "${definition.name}"`);
      this.prompts.set(definition.name, {
        definition,
        scopes: scopes ?? [],
        complete: bindCompleters(complete, found.instance, found.where),
        handler: found.handler as PromptEntry['handler'],
      });
    }
  }

  get hasAny(): boolean {
    return this.prompts.size > 0;
  }

  list(identity: AgentIdentity): PromptDefinition[] {
    return [...this.prompts.values()].filter((p) => hasScopes(identity, p.scopes)).map((p) => p.definition);
  }

  scopes(): string[] {
    return [...this.prompts.values()].flatMap((p) => p.scopes);
  }

  async get(name: string, args: Record<string, string>, ctx: RequestContext): Promise<GetPromptResult> {
    const entry = this.find(name, ctx.identity);
    const missing = (entry.definition.arguments ?? []).filter((a) => a.required && args[a.name] === undefined).map((a) => a.name);
    if (missing.length) throw McpError.invalidParams(`Missing required arguments for prompt ${name}: ${missing.join(', ')}`, { missing });
    const body = (await entry.handler(args, ctx)) as PromptBody;
    return Array.isArray(body) ? { messages: body } : body;
  }

  async complete(name: string, argument: string, value: string, args: Record<string, string>, identity: AgentIdentity): Promise<string[]> {
    const completer = this.find(name, identity).complete[argument];
    return completer ? completer(value, { arguments: args }) : [];
  }

  private find(name: string, identity: AgentIdentity): PromptEntry {
    const entry = this.prompts.get(name);
    if (!entry || !hasScopes(identity, entry.scopes)) throw McpError.invalidParams(`Unknown prompt: ${name}`, { prompt: name });
    return entry;
  }
}
