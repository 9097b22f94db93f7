import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Tool as ToolDefinition } from '@modelcontextprotocol/server';
import { type AgentIdentity, hasScopes } from '../auth/agent-identity';
import { JsonSchemaCompiler } from './json-schema.compiler';
import type { RegisteredTool } from './registered-tool';
import { discoverMethods } from './capability-discovery';
import { TOOL_METADATA, type ToolOptions } from './tool.decorator';
import { ToolDefinitionError } from './tool-definition.error';

const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
interface VisibleTools {
  tools: ToolDefinition[];
  json: Buffer;
}

const EMPTY_INPUT_SCHEMA = Object.freeze({ type: 'object', properties: {}, additionalProperties: false });

/**
 * Discovers `@Tool` methods at boot, compiles their schemas once, and answers
 * "which tools may this agent see" from a per-scope-set cache.
 */
@Injectable()
export class ToolRegistry implements OnModuleInit {
  private readonly logger = new Logger(ToolRegistry.name);
  private readonly tools = new Map<string, RegisteredTool>();
  private readonly visibleCache = new Map<string, VisibleTools>();
  private readonly byIdentity = new WeakMap<AgentIdentity, VisibleTools>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const compiler = new JsonSchemaCompiler();
    for (const found of discoverMethods<ToolOptions>(this.discovery, this.scanner, this.reflector, TOOL_METADATA)) {
      this.add(compiler, found.options, found.where, found.handler);
    }
    this.logger.log(`registered ${this.tools.size} tools: ${[...this.tools.keys()].join(', ')}`);
  }

  get(name: string): RegisteredTool | undefined {
    return this.tools.get(name);
  }

  all(): RegisteredTool[] {
    return [...this.tools.values()];
  }

  /** Every scope some tool requires (for token minting and protected-resource metadata). */
  scopes(): string[] {
    return [...new Set(this.all().flatMap((t) => t.scopes))].sort();
  }

  /** The definitions this agent may call; cached per distinct scope set. */
  visibleTo(identity: AgentIdentity): ToolDefinition[] {
    return this.visible(identity).tools;
  }

  /** The same list as UTF-8 JSON, serialized and encoded once per scope set (tools/list stays flat in cost). */
  visibleJsonTo(identity: AgentIdentity): Buffer {
    return this.visible(identity).json;
  }

  private visible(identity: AgentIdentity): VisibleTools {
    // Identities live as long as their token's cache entry: remember their list without re-keying.
    let visible = this.byIdentity.get(identity);
    if (visible) return visible;
    const key = identity.scopes.size === 0 ? '' : [...identity.scopes].sort().join(' ');
    visible = this.visibleCache.get(key);
    if (!visible) {
      const tools = this.all()
        .filter((t) => hasScopes(identity, t.scopes))
        .map((t) => t.definition as ToolDefinition);
      visible = { tools, json: Buffer.from(JSON.stringify(tools), 'utf8') };
      if (this.visibleCache.size > 1000) this.visibleCache.clear();
      this.visibleCache.set(key, visible);
    }
    this.byIdentity.set(identity, visible);
    return visible;
  }

  private add(compiler: JsonSchemaCompiler, options: ToolOptions, where: string, handler: RegisteredTool['handler']): void {
    if (!TOOL_NAME.test(options.name)) throw new ToolDefinitionError(where, `name "${options.name}" must match ${TOOL_NAME}`);
    const existing = this.tools.get(options.name);
    if (existing) throw new ToolDefinitionError(where, `duplicate tool name "${options.name}" (also ${existing.where})`);
    if (!options.description?.trim()) throw new ToolDefinitionError(where, 'description is required');
    const compile = (cls: ToolOptions['input'], role: string) => {
      try {
        return cls ? compiler.compile(cls) : undefined;
      } catch (err) {
        throw new ToolDefinitionError(where, `${role} schema: ${(err as Error).message}`);
      }
    };
    const definition: ToolDefinition = {
      name: options.name,
      ...(options.title && { title: options.title }),
      description: options.description,
      inputSchema: (compile(options.input, 'input') ?? EMPTY_INPUT_SCHEMA) as ToolDefinition['inputSchema'],
      ...(options.output && { outputSchema: compile(options.output, 'output') as ToolDefinition['outputSchema'] }),
      ...(options.annotations && { annotations: options.annotations }),
      ...(options.icons && { icons: options.icons }),
    };
    this.tools.set(options.name, {
      name: options.name,
      definition: deepFreeze(definition),
      scopes: options.scopes ?? [],
      inputClass: options.input,
      outputClass: options.output,
      where,
      handler,
    });
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
