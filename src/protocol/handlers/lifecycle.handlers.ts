import { Injectable } from '@nestjs/common';
import {
  CancelledNotificationSchema,
  DiscoverRequestSchema,
  InitializeRequestSchema,
  PingRequestSchema,
  SetLevelRequestSchema,
} from '@modelcontextprotocol/core';
import { SessionService } from '../../context/session.service';
import { SERVER_NAME, SERVER_VERSION } from '../../version';
import { McpTelemetry } from '../../observability/mcp-telemetry';
import { McpError } from '../mcp-error';
import { SessionChannels } from '../../events/session-channels.service';
import type { McpMethodProvider, MethodDefinition } from '../method-definition';
import { sdkSchema } from '../params-parsers';
import { ALL_VERSIONS, negotiateVersion } from '../protocol-versions';
import { SessionRequests } from '../session-requests';

/** Switchboard's own methods, advertised under `capabilities.experimental`. */
export const CONTEXT_CAPABILITY = {
  'switchboard/context': {
    methods: ['context/get', 'context/update', 'context/history', 'notifications/context/update'],
    mergePatch: 'rfc7396',
  },
} as const;

const CAPABILITIES = {
  tools: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  completions: {},
  logging: {},
  experimental: CONTEXT_CAPABILITY,
};

const SERVER_INFO = { name: SERVER_NAME, title: 'Switchboard', version: SERVER_VERSION };

const INSTRUCTIONS =
  'Switchboard: tools for business systems. Each session has a durable JSON context: read it with context/get ' +
  '(or the context_get tool) and change it with RFC 7396 merge patches through context/update (or context_update).';

/** initialize, ping, cancellation, logging level. */
@Injectable()
export class LifecycleHandlers implements McpMethodProvider {
  constructor(
    private readonly sessions: SessionService,
    private readonly telemetry: McpTelemetry,
    private readonly channels: SessionChannels,
    private readonly sessionRequests: SessionRequests,
  ) {}

  methods(): MethodDefinition<any>[] {
    return [
      {
        method: 'initialize',
        parse: sdkSchema(InitializeRequestSchema),
        needsSession: false,
        eras: ['legacy'],
        run: async (params, call) => {
          if (call.connection.session) throw McpError.invalidRequest('Session already initialized on this connection');
          const protocolVersion = negotiateVersion(params.protocolVersion);
          const session = await this.sessions.open({
            id: call.connection.reservedSessionId,
            agentId: call.connection.identity.agentId,
            transport: call.connection.transport,
            protocolVersion,
            clientInfo: params.clientInfo,
            clientCapabilities: params.capabilities,
          });
          call.connection.session = session;
          this.telemetry.sessionOpened(call.connection.transport);
          if (call.connection.transport === 'websocket') this.channels.open(session.id, call.connection);
          return {
            protocolVersion,
            capabilities: CAPABILITIES,
            serverInfo: SERVER_INFO,
            instructions: INSTRUCTIONS,
            _meta: { sessionId: session.id, contextId: session.contextId },
          };
        },
      },
      { method: 'ping', parse: sdkSchema(PingRequestSchema), needsSession: false, eras: ['legacy'], run: () => ({}) },
      {
        method: 'server/discover',
        parse: sdkSchema(DiscoverRequestSchema),
        needsSession: false,
        run: () => ({ supportedVersions: ALL_VERSIONS, capabilities: CAPABILITIES, serverInfo: SERVER_INFO, instructions: INSTRUCTIONS }),
      },
      {
        method: 'logging/setLevel',
        parse: sdkSchema(SetLevelRequestSchema),
        needsSession: true,
        eras: ['legacy'],
        run: async (params, call) => {
          await this.sessions.setLogLevel(call.session!, params.level);
          return {};
        },
      },
      { method: 'notifications/initialized', parse: () => ({}), needsSession: false, notification: true, run: () => ({}) },
      {
        method: 'notifications/cancelled',
        parse: sdkSchema(CancelledNotificationSchema),
        needsSession: false,
        notification: true,
        run: async (params, call) => {
          if (params.requestId === undefined) return {};
          const reason = params.reason ?? 'cancelled';
          // On its own connection (a WebSocket), or in another POST of the same HTTP session, on any replica.
          const own = call.connection.inFlight.get(params.requestId);
          const sessionId = call.connection.session?.id;
          if (own) own.abort(new Error(reason));
          else if (sessionId && call.connection.transport === 'http')
            await this.sessionRequests.cancel(sessionId, params.requestId, reason);
          return {};
        },
      },
    ];
  }
}
