import { SetMetadata } from '@nestjs/common';
import type { Annotations, Icon, ReadResourceResult } from '@modelcontextprotocol/server';
import { McpCapabilityHost } from '../tools/tool.decorator';

export const RESOURCE_METADATA = 'switchboard:resource';
export const RESOURCE_TEMPLATE_METADATA = 'switchboard:resource-template';

/** Completes one argument from what the user typed so far. */
export type ArgumentCompleter = (value: string, context: { arguments: Record<string, string> }) => string[] | Promise<string[]>;

/** A completer function, or the name of a method of the same class that is one. */
export type CompleterSpec = ArgumentCompleter | string;

/** Resolves completer specs against the decorated class's instance, at boot. */
export function bindCompleters(
  specs: Record<string, CompleterSpec> | undefined,
  host: Record<string, unknown>,
  where: string,
): Record<string, ArgumentCompleter> {
  const bound: Record<string, ArgumentCompleter> = {};
  for (const [argument, spec] of Object.entries(specs ?? {})) {
    if (typeof spec === 'function') bound[argument] = spec;
    else if (typeof host[spec] === 'function') bound[argument] = (host[spec] as ArgumentCompleter).bind(host);
    else throw new Error(`${where}: completer for "${argument}" names ${spec}, which is not a method of the class`);
  }
  return bound;
}

interface ResourceCommon {
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  annotations?: Annotations;
  icons?: Icon[];
  /** Scopes needed to list and read it. */
  scopes?: string[];
}

export interface ResourceOptions extends ResourceCommon {
  /** The fixed URI, e.g. `docs://handbook`. */
  uri: string;
}

export interface ResourceTemplateOptions extends ResourceCommon {
  /** An RFC 6570 template, e.g. `customers://{customerId}`. */
  uriTemplate: string;
  /** Completion for template variables (`completion/complete` with `ref/resource`). */
  complete?: Record<string, CompleterSpec>;
}

/**
 * What a resource handler returns: full `contents`, one text, or one blob. `uri` and
 * `mimeType` default to the requested URI and the declared type.
 */
export type ResourceBody =
  ReadResourceResult['contents'] | string | { text: string; mimeType?: string } | { blob: string; mimeType?: string };

/**
 * Registers a method as a fixed resource: `(uri: URL, ctx: ResourceContext) => ResourceBody`.
 *
 * @example
 * ```ts
 * @Resource({ uri: 'docs://handbook', name: 'handbook', mimeType: 'text/markdown' })
 * handbook() { return '# Handbook\n…'; }
 * ```
 */
export function Resource(options: ResourceOptions): MethodDecorator {
  return (target, key, descriptor) => {
    McpCapabilityHost({})(target.constructor);
    SetMetadata(RESOURCE_METADATA, options)(target, key, descriptor);
  };
}

/**
 * Registers a method as a resource template: `(uri: URL, variables, ctx) => ResourceBody`.
 * Throw `McpError.notFound(...)` (or return undefined) for URIs that name nothing.
 *
 * @example
 * ```ts
 * @ResourceTemplate({ uriTemplate: 'customers://{customerId}', name: 'customer', mimeType: 'application/json',
 *   complete: { customerId: 'customerIds' } })
 * customer(uri: URL, { customerId }: Record<string, string>) { … }
 * ```
 */
export function ResourceTemplate(options: ResourceTemplateOptions): MethodDecorator {
  return (target, key, descriptor) => {
    McpCapabilityHost({})(target.constructor);
    SetMetadata(RESOURCE_TEMPLATE_METADATA, options)(target, key, descriptor);
  };
}
