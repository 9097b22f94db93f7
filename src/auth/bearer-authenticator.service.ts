import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import passport from 'passport';
import type { AgentIdentity } from './agent-identity';
import { AuthError } from './auth-error';

const CACHE_LIMIT = 10_000;

/**
 * Authenticates a raw Node request (an HTTP request or a WebSocket upgrade) through the
 * passport-jwt strategy. Verified tokens are remembered until they expire, keyed by the
 * whole token (signature included), so repeated requests skip the signature check.
 */
@Injectable()
export class BearerAuthenticator {
  private readonly cache = new Map<string, AgentIdentity>();

  async authenticate(req: IncomingMessage): Promise<AgentIdentity> {
    const header = req.headers.authorization;
    if (!header) throw new AuthError('missing bearer token', 'invalid_request');
    if (!/^Bearer\s+\S+$/i.test(header)) throw new AuthError('Authorization header must be "Bearer <token>"', 'invalid_request');
    const cached = this.cache.get(header);
    if (cached) {
      if (cached.expiresAt * 1000 > Date.now()) return cached;
      this.cache.delete(header);
    }
    const identity = await this.verify(req);
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(header, identity);
    return identity;
  }

  private verify(req: IncomingMessage): Promise<AgentIdentity> {
    return new Promise((resolve, reject) => {
      const done = (err: unknown, user: AgentIdentity | false, info: unknown) => {
        if (err) return reject(err instanceof AuthError ? err : new AuthError('token verification failed'));
        if (!user) return reject(new AuthError(describeFailure(info)));
        resolve(user);
      };
      passport.authenticate('jwt', { session: false }, done)(req, {}, (err: unknown) =>
        reject(err instanceof AuthError ? err : new AuthError('token verification failed')),
      );
    });
  }
}

function describeFailure(info: unknown): string {
  const message = info instanceof Error ? info.message : typeof info === 'string' ? info : 'invalid token';
  // jsonwebtoken's messages are specific and safe ("jwt expired", "jwt audience invalid. expected: …").
  return message.replace(/^jwt /, 'token ');
}
