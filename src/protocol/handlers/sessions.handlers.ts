import { Injectable } from '@nestjs/common';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { AuditRepository } from '../../audit/audit.repository';
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

export class AuditListParams {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  agentId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  tool?: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  outcome?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @IsString()
  @Matches(/^\d{1,19}$/, { message: 'cursor must be a cursor this server issued' })
  cursor?: string;
}

export class SessionsListParams {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  agentId?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @IsString()
  cursor?: string;
}

/** Operators' methods (`sessions:admin`): sessions/list, audit/list, server/setLogLevel. */
@Injectable()
export class SessionsHandlers implements McpMethodProvider {
  constructor(
    private readonly sessions: SessionService,
    private readonly logger: JsonLogger,
    private readonly audit: AuditRepository,
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
        // The audit trail: who called which tool, when, how it ended (arguments only as a digest).
        method: 'audit/list',
        parse: dto(AuditListParams),
        needsSession: true,
        scopes: [SESSIONS_ADMIN],
        run: async (p: AuditListParams) => {
          const limit = p.limit ?? 50;
          const beforeId = p.cursor ? BigInt(p.cursor) : undefined;
          const rows = await this.audit.recent({ agentId: p.agentId, tool: p.tool, outcome: p.outcome, beforeId, limit: limit + 1 });
          const page = rows.slice(0, limit);
          return {
            entries: page.map(({ id, createdAt, ...row }) => ({ id: id.toString(), ...row, createdAt: createdAt.toISOString() })),
            ...(rows.length > limit && { nextCursor: page[page.length - 1].id.toString() }),
          };
        },
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
