import { Module } from '@nestjs/common';
import { ContextRepository } from './context.repository';
import { ContextService } from './context.service';
import { ContextResources } from './context.resources';
import { ContextTools } from './context.tools';
import { SessionRepository } from './session.repository';
import { SessionService } from './session.service';

/** Sessions and contexts, durable in PostgreSQL. */
@Module({
  providers: [SessionRepository, SessionService, ContextRepository, ContextService, ContextTools, ContextResources],
  exports: [SessionService, ContextService],
})
export class ContextModule {}
