import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ContextModule } from '../context/context.module';
import { ProtocolModule } from '../protocol/protocol.module';
import { ToolsModule } from '../tools/tools.module';
import { AppConfig } from '../config/app-config';
import { BearerAuthGuard } from './http/bearer-auth.guard';
import { HostGuard } from './http/host.guard';
import { HostPolicy } from './host-policy';
import { McpHttpController } from './http/mcp-http.controller';
import { ProtectedResourceController } from './http/protected-resource.controller';
import { McpGateway } from './websocket/mcp.gateway';
import { WebSocketUpgradeService } from './websocket/websocket-upgrade.service';

/** The edges: WebSocket gateway and Streamable HTTP at /mcp, plus RFC 9728 metadata. */
@Module({
  imports: [AuthModule, ProtocolModule, ContextModule, ToolsModule],
  controllers: [McpHttpController, ProtectedResourceController],
  providers: [
    BearerAuthGuard,
    HostGuard,
    { provide: HostPolicy, useFactory: (config: AppConfig) => new HostPolicy(config), inject: [AppConfig] },
    McpGateway,
    WebSocketUpgradeService,
  ],
  exports: [McpGateway, WebSocketUpgradeService],
})
export class TransportModule {}
