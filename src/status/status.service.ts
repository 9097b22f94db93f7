import { Injectable } from '@nestjs/common';
import type { AgentIdentity } from '../auth/agent-identity';
import { KNOWN_BASE_SCOPES } from '../auth/scopes';
import { SessionChannels } from '../events/session-channels.service';
import { HEALTH_PATHS } from '../health/health.paths';
import { METRICS_PATH } from '../observability/metrics.paths';
import { PromptRegistry } from '../prompts/prompt-registry.service';
import { MODERN_VERSIONS, SUPPORTED_VERSIONS } from '../protocol/protocol-versions';
import { ResourceRegistry } from '../resources/resource-registry.service';
import { ToolRegistry } from '../tools/tool-registry.service';
import { McpGateway } from '../transport/websocket/mcp.gateway';
import { SERVER_NAME, SERVER_VERSION } from '../version';
import type { StatusEntry, StatusSnapshot, StatusTool } from './status-snapshot';

/** Collects the status snapshot from the registries and this replica's connection counts. */
@Injectable()
export class StatusService {
  constructor(
    private readonly tools: ToolRegistry,
    private readonly resources: ResourceRegistry,
    private readonly prompts: PromptRegistry,
    private readonly gateway: McpGateway,
    private readonly channels: SessionChannels,
  ) {}

  snapshot(): StatusSnapshot {
    // The registries list resources and prompts per caller; an identity holding every
    // scope anything declares sees them all (it never reaches a handler).
    const everyone = this.allScopesIdentity();
    return {
      server: { name: SERVER_NAME, version: SERVER_VERSION },
      protocol: { sessionRevisions: SUPPORTED_VERSIONS, statelessRevisions: MODERN_VERSIONS },
      tools: this.tools
        .all()
        .map((tool): StatusTool => ({
          name: tool.name,
          title: tool.definition.title,
          description: tool.definition.description,
          scopes: tool.scopes,
          annotations: tool.definition.annotations as Record<string, unknown> | undefined,
          inputSchema: tool.definition.inputSchema,
          outputSchema: tool.definition.outputSchema,
        }))
        .sort(byName),
      resources: this.resources
        .resources(everyone)
        .map((r) => pick(r))
        .sort(byName),
      resourceTemplates: this.resources
        .resourceTemplates(everyone)
        .map((t) => pick(t))
        .sort(byName),
      prompts: this.prompts
        .list(everyone)
        .map((p) => pick(p))
        .sort(byName),
      connections: {
        webSockets: this.gateway.openConnections,
        sessionsWithOpenChannels: this.channels.sessionIds().length,
      },
      links: { metrics: METRICS_PATH, ready: HEALTH_PATHS.ready, protectedResource: '/.well-known/oauth-protected-resource' },
      generatedAt: new Date().toISOString(),
    };
  }

  private allScopesIdentity(): AgentIdentity {
    const scopes = new Set<string>([...KNOWN_BASE_SCOPES, ...this.tools.scopes(), ...this.resources.scopes(), ...this.prompts.scopes()]);
    return { agentId: 'status-page', scopes, expiresAt: Number.MAX_SAFE_INTEGER };
  }
}

function pick(entry: StatusEntry & Record<string, unknown>): StatusEntry {
  const { name, title, description, uri, uriTemplate, mimeType, arguments: args } = entry;
  return { name, title, description, uri, uriTemplate, mimeType, arguments: args };
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
}
