import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AgentIdentity } from '../../auth/agent-identity';
import { AuthError } from '../../auth/auth-error';
import { BearerAuthenticator } from '../../auth/bearer-authenticator.service';
import { bearerChallenge } from '../../auth/bearer-challenge';
import { AppConfig } from '../../config/app-config';

export type AuthenticatedRequest = Request & { identity: AgentIdentity };

/** Requires a valid bearer token; answers 401 with an RFC 6750/9728 challenge otherwise. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly authenticator: BearerAuthenticator,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    try {
      req.identity = await this.authenticator.authenticate(req);
      return true;
    } catch (err) {
      const reason = err instanceof AuthError ? err : new AuthError('token verification failed');
      const res = context.switchToHttp().getResponse();
      res.setHeader('WWW-Authenticate', bearerChallenge(this.config, { error: reason.oauthError, description: reason.reason }));
      throw new HttpException({ error: reason.oauthError, error_description: reason.reason }, HttpStatus.UNAUTHORIZED);
    }
  }
}
