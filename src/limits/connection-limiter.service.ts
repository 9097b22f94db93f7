import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** Open WebSocket connections per agent on this replica, capped by MAX_CONNECTIONS_PER_AGENT. */
@Injectable()
export class ConnectionLimiter {
  private readonly open = new Map<string, number>();

  constructor(private readonly config: AppConfig) {}

  /** Reserves a slot; false when the agent is at its limit. */
  acquire(agentId: string): boolean {
    const current = this.open.get(agentId) ?? 0;
    if (current >= this.config.MAX_CONNECTIONS_PER_AGENT) return false;
    this.open.set(agentId, current + 1);
    return true;
  }

  release(agentId: string): void {
    const current = this.open.get(agentId) ?? 0;
    if (current <= 1) this.open.delete(agentId);
    else this.open.set(agentId, current - 1);
  }
}
