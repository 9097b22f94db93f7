import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AgentIdentity } from '../../auth/agent-identity';
import { AuthError } from '../../auth/auth-error';
import { BearerAuthenticator } from '../../auth/bearer-authenticator.service';
import { bearerChallenge } from '../../auth/bearer-challenge';
import { AppConfig } from '../../config/app-config';

export type AuthenticatedRequest = Request & { identity: AgentIdentity };

/** The 401 answer for a failed authentication: the RFC 6750/9728 challenge and the OAuth error body. */
export function authRefusal(err: unknown, config: AppConfig): { challenge: string; body: { error: string; error_description: string } } {
  const reason = err instanceof AuthError ? err : new AuthError('token verification failed');
  return {
    challenge: bearerChallenge(config, { error: reason.oauthError, description: reason.reason }),
    body: { error: reason.oauthError, error_description: reason.reason },
  };
}

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
      const refusal = authRefusal(err, this.config);
      context
        .switchToHttp()
        .getResponse<{ setHeader(name: string, value: string): void }>()
        .setHeader('WWW-Authenticate', refusal.challenge);
      throw new HttpException(refusal.body, HttpStatus.UNAUTHORIZED);
    }
  }
}
