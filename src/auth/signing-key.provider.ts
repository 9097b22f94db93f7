import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { passportJwtSecret } from 'jwks-rsa';
import { AppConfig } from '../config/app-config';
import { loadOrCreateDevSecret } from './dev-secret';

type KeyCallback = (err: Error | null, key?: string | Buffer) => void;
export type SecretOrKeyProvider = (req: IncomingMessage, rawJwt: string, done: KeyCallback) => void;

const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;

/**
 * Where verification keys come from: an HS256 secret (configured, or the dev secret in
 * the data directory), or the authorization server's JWKS (cached, refetched when a
 * token names an unknown `kid`, so keys rotate without a restart). The allowed
 * algorithms follow from the key type, which rules out `alg: none` and HS/RS confusion.
 */
@Injectable()
export class SigningKeyProvider {
  readonly algorithms: string[];
  readonly provide: SecretOrKeyProvider;
  readonly mode: 'hs256' | 'jwks' | 'dev';

  constructor(config: AppConfig) {
    if (config.AUTH_JWKS_URL) {
      this.mode = 'jwks';
      this.algorithms = [...ASYMMETRIC_ALGORITHMS];
      this.provide = passportJwtSecret({
        jwksUri: config.AUTH_JWKS_URL,
        cache: true,
        cacheMaxAge: 10 * 60_000,
        rateLimit: true,
        jwksRequestsPerMinute: 10,
      }) as unknown as SecretOrKeyProvider;
      return;
    }
    const secret = config.AUTH_JWT_SECRET ?? loadOrCreateDevSecret(config.dataDir);
    this.mode = config.AUTH_JWT_SECRET ? 'hs256' : 'dev';
    this.algorithms = ['HS256'];
    this.provide = (_req, _raw, done) => done(null, secret);
  }
}
