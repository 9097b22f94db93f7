import { HttpStatus, Logger } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { BearerAuthenticator } from '../../auth/bearer-authenticator.service';
import { AppConfig } from '../../config/app-config';
import { HostPolicy } from '../host-policy';
import { type AuthenticatedRequest, authRefusal } from './bearer-auth.guard';
import { hostRefusal } from './host.guard';
import { McpHttpController } from './mcp-http.controller';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * `POST /mcp`, the one route that carries every Streamable HTTP call, served straight from
 * Node's `request` event instead of through Express's router and Nest's guard, pipe and
 * filter machinery (about a third of the CPU of a call there). Same checks, same order, same
 * answers: Host/Origin (403, HostGuard), bearer token (401 with the challenge,
 * BearerAuthGuard), then the controller's own handler; an unexpected error is the 500 Nest
 * would send. Every other request, and any spelling of the path Express would also accept
 * (`/MCP`, `/mcp/`), goes to Express as before.
 */
export class McpHttpFastLane {
  private readonly logger = new Logger('ExceptionsHandler');

  constructor(
    private readonly controller: McpHttpController,
    private readonly hosts: HostPolicy,
    private readonly authenticator: BearerAuthenticator,
    private readonly config: AppConfig,
  ) {}

  /** Puts the lane in front of the server's existing `request` listeners (Express). */
  install(server: Server, hygiene: (res: ServerResponse) => void): void {
    const others = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.method === 'POST' && (req.url === '/mcp' || req.url?.startsWith('/mcp?'))) {
        hygiene(res);
        void this.handle(req, res);
        return;
      }
      for (const listener of others) listener.call(server, req, res);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const hostProblem = this.hosts.check(req.headers);
      if (hostProblem) return json(res, HttpStatus.FORBIDDEN, hostRefusal(hostProblem));
      const authenticated = req as AuthenticatedRequest;
      try {
        authenticated.identity = await this.authenticator.authenticate(req);
      } catch (err) {
        const refusal = authRefusal(err, this.config);
        res.setHeader('WWW-Authenticate', refusal.challenge);
        return json(res, HttpStatus.UNAUTHORIZED, refusal.body);
      }
      await this.controller.post(authenticated, res);
    } catch (err) {
      this.logger.error(err instanceof Error ? { msg: err.message, stack: err.stack } : { msg: String(err) });
      if (!res.headersSent) json(res, HttpStatus.INTERNAL_SERVER_ERROR, { statusCode: 500, message: 'Internal server error' });
      else res.destroy();
    }
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
