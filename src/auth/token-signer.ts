import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

export interface DevTokenOptions {
  secret: string;
  agentId: string;
  scopes: readonly string[];
  audience: string;
  issuer?: string;
  /** Lifetime in seconds. */
  ttlSeconds: number;
}

/** Signs an HS256 access token in the shape the server verifies (`sub`, `scope`, `aud`, `exp`). */
export async function signDevToken(options: DevTokenOptions): Promise<string> {
  let jwt = new SignJWT({ scope: options.scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.agentId)
    .setAudience(options.audience)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(Math.floor(Date.now() / 1000) + options.ttlSeconds);
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  return jwt.sign(new TextEncoder().encode(options.secret));
}

/** Parses `90s`, `15m`, `12h`, `7d` or a bare number of seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!match) throw new Error(`invalid duration "${text}": use e.g. 90s, 15m, 12h, 7d`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  if (seconds <= 0) throw new Error(`invalid duration "${text}": must be positive`);
  return seconds;
}
