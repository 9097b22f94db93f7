import { Injectable } from '@nestjs/common';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LOG_LEVELS, type LogLevel } from '../../config/app-config';
import { JsonLogger } from '../../observability/json-logger.service';
import { SESSIONS_ADMIN } from '../../auth/scopes';
import { SessionService } from '../../context/session.service';
import type { McpMethodProvider, MethodDefinition } from '../method-definition';
import { dto } from '../params-parsers';

export class ServerLogLevelParams {
  @IsIn(LOG_LEVELS)
  level!: LogLevel;
}

export class SessionsListParams {
  @IsOptional() @IsString() @MaxLength(200)
  agentId?: string;

  @IsOptional() @IsInt() @Min(1) @Max(500)
  limit?: number;

  @IsOptional() @IsString()
  cursor?: string;
}

/** Operators' methods (`sessions:admin`): sessions/list, server/setLogLevel. */
@Injectable()
export class SessionsHandlers implements McpMethodProvider {
  constructor(
    private readonly sessions: SessionService,
    private readonly logger: JsonLogger,
  ) {}

  methods(): MethodDefinition<any>[] {
    return [
      {
        method: 'sessions/list',
        parse: dto(SessionsListParams),
        needsSession: true,
        scopes: [SESSIONS_ADMIN],
        run: (p: SessionsListParams) => this.sessions.list(p) as unknown as Promise<Record<string, unknown>>,
      },
      {
        // Operators change this replica's log level without a restart (not persisted).
        method: 'server/setLogLevel',
        parse: dto(ServerLogLevelParams),
        needsSession: true,
        scopes: [SESSIONS_ADMIN],
        run: (p: ServerLogLevelParams) => {
          const previous = this.logger.level;
          this.logger.setLevel(p.level);
          return { level: p.level, previous };
        },
      },
    ];
  }
}
