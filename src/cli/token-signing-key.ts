import type { AppConfig } from '../config/app-config';
import { loadOrCreateDevSecret } from '../auth/dev-secret';
import { UsageError } from './exit-codes';

export interface SigningKey {
  secret: string;
  /** For the human explanation: where the key came from. */
  origin: string;
}

/**
 * The HS256 secret the server will verify with: AUTH_JWT_SECRET when configured, the
 * dev secret in the data directory in development, and nothing when the server trusts
 * an authorization server's JWKS (then tokens must come from there).
 */
export function chooseSigningKey(config: AppConfig): SigningKey {
  if (config.AUTH_JWT_SECRET) return { secret: config.AUTH_JWT_SECRET, origin: 'AUTH_JWT_SECRET' };
  if (config.AUTH_JWKS_URL) {
    throw new UsageError(
      `this server verifies tokens with the keys at AUTH_JWKS_URL (${config.AUTH_JWKS_URL}); ` +
        'tokens come from your authorization server, not from this command',
    );
  }
  if (config.isProduction) {
    throw new UsageError('NODE_ENV=production without AUTH_JWT_SECRET: there is no signing key to mint a token with');
  }
  return { secret: loadOrCreateDevSecret(config.dataDir), origin: `dev secret in ${config.dataDir}` };
}
