import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { McpGateway } from '../transport/websocket/mcp.gateway';
import { McpTelemetry } from './mcp-telemetry';
import { MetricsService } from './metrics.service';

/**
 * Open HTTP connections, counted from the Node server's own events, so the HTTP controller
 * stays free of bookkeeping: a TCP connection counts as `http` until it closes or is
 * upgraded (the gateway then counts it as `websocket`). Active WebSocket sessions are read
 * from the gateway at scrape time.
 */
@Injectable()
export class ConnectionMetrics implements OnApplicationBootstrap {
  private readonly httpSockets = new WeakSet<Socket>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly metrics: MetricsService,
    private readonly telemetry: McpTelemetry,
  ) {}

  onApplicationBootstrap(): void {
    for (const transport of ['http', 'websocket'] as const) {
      this.metrics.openConnections.inc({ transport }, 0); // export 0 rather than no series
      this.metrics.sessionsOpened.inc({ transport }, 0);
      this.metrics.rateLimited.inc({ transport }, 0);
    }
    this.watchHttpServer();
    this.watchGateway();
  }

  private watchHttpServer(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    server.on('connection', (socket: Socket) => {
      this.httpSockets.add(socket);
      this.telemetry.connectionOpened('http');
      socket.once('close', () => this.leaveHttp(socket));
    });
    // An extra 'upgrade' listener changes nothing for the WebSocket server's own one.
    server.on('upgrade', (_req: unknown, socket: Socket) => this.leaveHttp(socket));
  }

  private leaveHttp(socket: Socket): void {
    if (!this.httpSockets.delete(socket)) return;
    this.telemetry.connectionClosed('http');
  }

  private watchGateway(): void {
    const gateway = this.findGateway();
    if (gateway) this.metrics.addCollector(() => this.metrics.activeSessions.set({ transport: 'websocket' }, gateway.openConnections));
  }

  private findGateway(): McpGateway | undefined {
    try {
      return this.moduleRef.get(McpGateway, { strict: false });
    } catch {
      return undefined; // an app without the WebSocket transport
    }
  }
}
