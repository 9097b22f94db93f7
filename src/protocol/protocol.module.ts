import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ContextModule } from '../context/context.module';
import { ToolsModule } from '../tools/tools.module';
import { ContextHandlers } from './handlers/context.handlers';
import { LifecycleHandlers } from './handlers/lifecycle.handlers';
import { SessionsHandlers } from './handlers/sessions.handlers';
import { ToolContextFactory } from './handlers/tool-context.factory';
import { ToolsHandlers } from './handlers/tools.handlers';
import { ResourcesHandlers } from './handlers/resources.handlers';
import { PromptsHandlers } from './handlers/prompts.handlers';
import { ResourcesModule } from '../resources/resources.module';
import { MCP_METHOD_PROVIDERS, McpDispatcher } from './mcp-dispatcher.service';
import { ServerRequests } from './server-requests.service';
import { SessionRequests } from './session-requests';

const HANDLERS = [LifecycleHandlers, ToolsHandlers, ResourcesHandlers, PromptsHandlers, ContextHandlers, SessionsHandlers];

/** The one MCP dispatcher and the method handlers behind it. */
@Module({
  imports: [ToolsModule, ContextModule, AuditModule, ResourcesModule],
  providers: [
    ...HANDLERS,
    { provide: MCP_METHOD_PROVIDERS, useFactory: (...handlers: unknown[]) => handlers, inject: HANDLERS },
    McpDispatcher,
    ServerRequests,
    SessionRequests,
    ToolContextFactory,
  ],
  exports: [McpDispatcher, ServerRequests],
})
export class ProtocolModule {}
