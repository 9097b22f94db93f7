import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ContextModule } from '../context/context.module';
import { ToolsModule } from '../tools/tools.module';
import { ContextHandlers } from './handlers/context.handlers';
import { LifecycleHandlers } from './handlers/lifecycle.handlers';
import { SessionsHandlers } from './handlers/sessions.handlers';
import { ToolsHandlers } from './handlers/tools.handlers';
import { MCP_METHOD_PROVIDERS, McpDispatcher } from './mcp-dispatcher.service';

const HANDLERS = [LifecycleHandlers, ToolsHandlers, ContextHandlers, SessionsHandlers];

/** The one MCP dispatcher and the method handlers behind it. */
@Module({
  imports: [ToolsModule, ContextModule, AuditModule],
  providers: [
    ...HANDLERS,
    { provide: MCP_METHOD_PROVIDERS, useFactory: (...handlers: unknown[]) => handlers, inject: HANDLERS },
    McpDispatcher,
  ],
  exports: [McpDispatcher],
})
export class ProtocolModule {}
