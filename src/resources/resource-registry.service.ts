import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import {
  type ReadResourceResult,
  type Resource as ResourceDefinition,
  type ResourceTemplateType as TemplateDefinition,
  UriTemplate,
} from '@modelcontextprotocol/server';
import { type AgentIdentity, hasScopes } from '../auth/agent-identity';
import { McpError } from '../protocol/mcp-error';
import { discoverMethods } from '../tools/capability-discovery';
import type { RequestContext } from './resource-context';
import {
  RESOURCE_METADATA,
  RESOURCE_TEMPLATE_METADATA,
  bindCompleters,
  type ArgumentCompleter,
  type ResourceBody,
  type ResourceOptions,
  type ResourceTemplateOptions,
} from './resource.decorator';

interface StaticEntry {
  definition: ResourceDefinition;
  scopes: string[];
  handler: (uri: URL, ctx: RequestContext) => unknown;
}

interface TemplateEntry {
  definition: TemplateDefinition;
  template: UriTemplate;
  scopes: string[];
  complete: Record<string, ArgumentCompleter>;
  handler: (uri: URL, vars: Record<string, string>, ctx: RequestContext) => unknown;
}

/** `@Resource` / `@ResourceTemplate` discovery, listing, reading and template completion. */
@Injectable()
export class ResourceRegistry implements OnModuleInit {
  private readonly statics = new Map<string, StaticEntry>();
  private readonly templates: TemplateEntry[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const found of discoverMethods<ResourceOptions>(this.discovery, this.scanner, this.reflector, RESOURCE_METADATA)) {
      const { uri, scopes, ...rest } = found.options;
      if (!URL.canParse(uri)) throw new Error(`Invalid resource ${found.where}: uri "${uri}" is not a URI`);
      if (this.statics.has(uri)) throw new Error(`Invalid resource ${found.where}: duplicate uri "${uri}"`);
      this.statics.set(uri, { definition: { uri, ...rest }, scopes: scopes ?? [], handler: found.handler as StaticEntry['handler'] });
    }
    for (const found of discoverMethods<ResourceTemplateOptions>(
      this.discovery,
      this.scanner,
      this.reflector,
      RESOURCE_TEMPLATE_METADATA,
    )) {
      const { uriTemplate, scopes, complete, ...rest } = found.options;
      let template: UriTemplate;
      try {
        template = new UriTemplate(uriTemplate);
      } catch (err) {
        throw new Error(`Invalid resource template ${found.where}: ${(err as Error).message}`);
      }
      this.templates.push({
        definition: { uriTemplate, ...rest },
        template,
        scopes: scopes ?? [],
        complete: bindCompleters(complete, found.instance, found.where),
        handler: found.handler as TemplateEntry['handler'],
      });
    }
  }

  get hasAny(): boolean {
    return this.statics.size > 0 || this.templates.length > 0;
  }

  resources(identity: AgentIdentity): ResourceDefinition[] {
    return [...this.statics.values()].filter((e) => hasScopes(identity, e.scopes)).map((e) => e.definition);
  }

  resourceTemplates(identity: AgentIdentity): TemplateDefinition[] {
    return this.templates.filter((e) => hasScopes(identity, e.scopes)).map((e) => e.definition);
  }

  scopes(): string[] {
    return [...this.statics.values(), ...this.templates].flatMap((e) => e.scopes);
  }

  async read(uri: string, ctx: RequestContext): Promise<ReadResourceResult> {
    const fixed = this.statics.get(uri);
    if (fixed) {
      this.authorize(fixed.scopes, ctx, uri);
      return { contents: toContents(await fixed.handler(new URL(uri), ctx), uri, fixed.definition.mimeType) };
    }
    for (const entry of this.templates) {
      const vars = entry.template.match(uri);
      if (!vars) continue;
      this.authorize(entry.scopes, ctx, uri);
      const flat = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
      const body = await entry.handler(new URL(uri), flat, ctx);
      if (body === undefined || body === null) break;
      return { contents: toContents(body, uri, entry.definition.mimeType) };
    }
    throw McpError.notFound('Resource', { uri });
  }

  async complete(
    uriTemplate: string,
    argument: string,
    value: string,
    args: Record<string, string>,
    identity: AgentIdentity,
  ): Promise<string[]> {
    const entry = this.templates.find((e) => e.definition.uriTemplate === uriTemplate);
    if (!entry || !hasScopes(identity, entry.scopes)) throw McpError.invalidParams(`Unknown resource template: ${uriTemplate}`);
    const completer = entry.complete[argument];
    return completer ? completer(value, { arguments: args }) : [];
  }

  private authorize(scopes: string[], ctx: RequestContext, uri: string): void {
    // Invisible rather than forbidden, as for tools the agent cannot list.
    if (!hasScopes(ctx.identity, scopes)) throw McpError.notFound('Resource', { uri });
  }
}

function toContents(body: unknown, uri: string, mimeType?: string): ReadResourceResult['contents'] {
  if (typeof body === 'string') return [{ uri, ...(mimeType && { mimeType }), text: body }];
  if (Array.isArray(body)) return body as ReadResourceResult['contents'];
  const one = body as Exclude<ResourceBody, string | unknown[]>;
  const type = one.mimeType || mimeType;
  if ('blob' in one) return [{ uri, ...(type && { mimeType: type }), blob: one.blob }];
  if ('text' in one) return [{ uri, ...(type && { mimeType: type }), text: one.text }];
  return [{ uri, mimeType: mimeType ?? 'application/json', text: JSON.stringify(body) }];
}
