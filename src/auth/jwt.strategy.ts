import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../config/app-config';
import type { AgentIdentity } from './agent-identity';
import { AuthError } from './auth-error';
import { SigningKeyProvider } from './signing-key.provider';

interface AccessTokenClaims {
  sub?: unknown;
  scope?: unknown;
  exp?: unknown;
}

/**
 * passport-jwt strategy shared by HTTP requests and WebSocket upgrades: signature,
 * `aud`, `iss` (when configured), `exp`/`nbf` with a small clock skew; then the claims
 * the MCP side needs (`sub`, `exp` required; `scope` space-separated).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(config: AppConfig, keys: SigningKeyProvider) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: keys.provide,
      algorithms: keys.algorithms,
      audience: config.audience,
      issuer: config.AUTH_ISSUER,
      jsonWebTokenOptions: { clockTolerance: config.AUTH_CLOCK_SKEW_SECONDS },
    } as ConstructorParameters<typeof Strategy>[0]);
  }

  validate(payload: AccessTokenClaims): AgentIdentity {
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 200) {
      throw new AuthError('token has no valid sub claim');
    }
    if (typeof payload.exp !== 'number') throw new AuthError('token has no exp claim');
    if (payload.scope !== undefined && typeof payload.scope !== 'string') {
      throw new AuthError('token scope claim must be a space-separated string');
    }
    const scopes = new Set((payload.scope ?? '').split(' ').filter(Boolean));
    return { agentId: payload.sub, scopes, expiresAt: payload.exp };
  }
}
