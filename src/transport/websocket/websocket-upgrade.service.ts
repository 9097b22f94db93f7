import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { AgentIdentity } from '../../auth/agent-identity';
import { AuthError } from '../../auth/auth-error';
import { BearerAuthenticator } from '../../auth/bearer-authenticator.service';
import { bearerChallenge } from '../../auth/bearer-challenge';
import { AppConfig } from '../../config/app-config';
import type { McpSession } from '../../context/mcp-session';
import { SessionService } from '../../context/session.service';
import { HostPolicy } from '../host-policy';
import { ConnectionLimiter } from '../../limits/connection-limiter.service';

export interface AcceptedUpgrade {
  identity: AgentIdentity;
  sessionId: string;
  /** Set when the client resumed an existing session with `Mcp-Session-Id`. */
  resumed?: McpSession;
}

export type UpgradeDecision = { ok: true } | { ok: false; status: number; message: string; headers: Record<string, string> };

/**
 * Decides a WebSocket upgrade before it happens: the bearer token must verify, and a
 * requested `Mcp-Session-Id` must name an open session of the same agent (otherwise
 * 404, exactly as for an id that never existed). The accepted upgrade is remembered
 * against the request for the gateway to pick up.
 */
@Injectable()
export class WebSocketUpgradeService {
  private readonly accepted = new WeakMap<IncomingMessage, AcceptedUpgrade>();

  constructor(
    private readonly config: AppConfig,
    private readonly authenticator: BearerAuthenticator,
    private readonly sessions: SessionService,
    private readonly hosts: HostPolicy,
    private readonly connections: ConnectionLimiter,
  ) {}

  async decide(req: IncomingMessage): Promise<UpgradeDecision> {
    const forbidden = this.hosts.check(req.headers);
    if (forbidden) return { ok: false, status: 403, message: `Forbidden: ${forbidden}`, headers: {} };
    let identity: AgentIdentity;
    try {
      identity = await this.authenticator.authenticate(req);
    } catch (err) {
      const reason = err instanceof AuthError ? err : new AuthError('token verification failed');
      return {
        ok: false,
        status: 401,
        message: `Unauthorized: ${reason.reason}`,
        headers: { 'WWW-Authenticate': bearerChallenge(this.config, { error: reason.oauthError, description: reason.reason }) },
      };
    }
    if (!this.connections.acquire(identity.agentId)) {
      return { ok: false, status: 429, message: 'Too Many Requests: connection limit per agent reached', headers: { 'Retry-After': '5' } };
    }
    // The slot is the TCP connection's: it is given back when that closes, however it ends (a
    // refusal below, a client that gives up before the upgrade completes, or a WebSocket that
    // closes), and only once.
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.connections.release(identity.agentId);
    };
    if (req.socket.destroyed) release();
    else req.socket.once('close', release);
    const requested = req.headers['mcp-session-id'];
    if (typeof requested === 'string' && requested.length > 0) {
      let resumed: McpSession | null;
      try {
        resumed = await this.sessions.resume(requested, identity.agentId);
      } catch (err) {
        release();
        throw err;
      }
      if (!resumed) {
        release();
        return { ok: false, status: 404, message: 'Session not found', headers: {} };
      }
      this.accepted.set(req, { identity, sessionId: resumed.id, resumed });
    } else {
      this.accepted.set(req, { identity, sessionId: this.sessions.newId() });
    }
    return { ok: true };
  }

  take(req: IncomingMessage): AcceptedUpgrade | undefined {
    return this.accepted.get(req);
  }
}
