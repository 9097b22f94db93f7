import type { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { McpCapabilityHost } from './tool.decorator';

export interface DiscoveredMethod<T> {
  options: T;
  instance: Record<string, unknown>;
  method: string;
  /** `Class.method`, for boot errors. */
  where: string;
  handler: (...args: any[]) => unknown;
}

/**
 * Every method carrying `metadataKey` on providers marked by an MCP decorator (`@Tool`,
 * `@Resource`, `@ResourceTemplate`, `@Prompt`). Only our decorators mark hosts, so
 * providers of imported libraries are never scanned.
 */
export function discoverMethods<T>(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
  metadataKey: string,
): DiscoveredMethod<T>[] {
  const found: DiscoveredMethod<T>[] = [];
  for (const wrapper of discovery.getProviders({ metadataKey: McpCapabilityHost.KEY })) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance) continue;
    for (const method of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const fn = instance[method] as (...args: unknown[]) => unknown;
      const options = reflector.get<T | undefined>(metadataKey, fn);
      if (options) found.push({ options, instance, method, where: `${instance.constructor.name}.${method}`, handler: fn.bind(instance) });
    }
  }
  return found;
}
