import { Injectable } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { SESSIONS_ADMIN } from '../../auth/scopes';
import { SessionService } from '../../context/session.service';
import type { McpMethodProvider, MethodDefinition } from '../method-definition';
import { dto } from '../params-parsers';

export class SessionsListParams {
  @IsOptional() @IsString() @MaxLength(200)
  agentId?: string;

  @IsOptional() @IsInt() @Min(1) @Max(500)
  limit?: number;

  @IsOptional() @IsString()
  cursor?: string;
}

/** sessions/list: the operators' view of stored sessions (`sessions:admin`). */
@Injectable()
export class SessionsHandlers implements McpMethodProvider {
  constructor(private readonly sessions: SessionService) {}

  methods(): MethodDefinition<any>[] {
    return [
      {
        method: 'sessions/list',
        parse: dto(SessionsListParams),
        needsSession: true,
        scopes: [SESSIONS_ADMIN],
        run: (p: SessionsListParams) => this.sessions.list(p) as unknown as Promise<Record<string, unknown>>,
      },
    ];
  }
}
