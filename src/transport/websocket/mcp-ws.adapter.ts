import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { IncomingMessage } from 'node:http';
import type { WebSocketServer } from 'ws';
import { AppConfig } from '../../config/app-config';
import { WebSocketUpgradeService } from './websocket-upgrade.service';

export const MCP_SUBPROTOCOL = 'mcp';

type VerifyCallback = (ok: boolean, status?: number, message?: string, headers?: Record<string, string>) => void;

/**
 * `@nestjs/platform-ws` adapter for MCP: authenticates the upgrade before it happens
 * (refusals are plain HTTP responses: 401 with `WWW-Authenticate`, 404 for an unknown
 * session), negotiates the `mcp` subprotocol, caps frame size (close 1009), reports
 * the session id in the upgrade response, and leaves message handling to the gateway
 * (JSON-RPC, not Nest's `{event, data}` envelope).
 */
export class McpWsAdapter extends WsAdapter {
  constructor(private readonly app: INestApplicationContext) {
    super(app);
  }

  override create(port: number, options: Record<string, unknown> = {}): WebSocketServer {
    const upgrades = this.app.get(WebSocketUpgradeService);
    const config = this.app.get(AppConfig);
    /* eslint-disable no-restricted-syntax -- once, at startup; our settings win over Nest's options */
    const server = super.create(port, {
      ...options,
      maxPayload: config.MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      clientTracking: true,
      handleProtocols: (offered: Set<string>) => (offered.has(MCP_SUBPROTOCOL) ? MCP_SUBPROTOCOL : false),
      verifyClient: (info: { req: IncomingMessage }, done: VerifyCallback) => {
        upgrades.decide(info.req).then(
          (decision) => (decision.ok ? done(true) : done(false, decision.status, decision.message, decision.headers)),
          () => done(false, 503, 'Service Unavailable'),
        );
      },
    }) as WebSocketServer;
    /* eslint-enable no-restricted-syntax */
    server.on('headers', (headers: string[], req: IncomingMessage) => {
      const accepted = upgrades.take(req);
      if (accepted) headers.push(`Mcp-Session-Id: ${accepted.sessionId}`);
    });
    return server;
  }

  /** Messages are JSON-RPC, read by the gateway itself. */
  override bindMessageHandlers(): void {}
}
