import { decodeProtectedHeader, jwtVerify } from 'jose';
import { parseDuration, signDevToken } from './token-signer';

const SECRET = 'k'.repeat(40);

describe('signDevToken', () => {
  it('signs an HS256 token with sub, space-separated scope, aud, iss and exp', async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await signDevToken({
      secret: SECRET,
      agentId: 'agent-1',
      scopes: ['context:read', 'customers:read'],
      audience: 'http://127.0.0.1:3000/mcp',
      issuer: 'https://issuer.example',
      ttlSeconds: 900,
    });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET), {
      audience: 'http://127.0.0.1:3000/mcp',
      issuer: 'https://issuer.example',
      algorithms: ['HS256'],
    });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ sub: 'agent-1', scope: 'context:read customers:read' });
    expect(payload.exp! - before).toBeGreaterThanOrEqual(900);
    expect(payload.exp! - before).toBeLessThanOrEqual(901);
    expect(typeof payload.jti).toBe('string');
  });

  it('omits iss when no issuer is given, and signs distinct tokens each time', async () => {
    const options = { secret: SECRET, agentId: 'a', scopes: [], audience: 'aud', ttlSeconds: 60 };
    const [a, b] = await Promise.all([signDevToken(options), signDevToken(options)]);
    expect(a).not.toBe(b);
    const { payload } = await jwtVerify(a, new TextEncoder().encode(SECRET), { audience: 'aud' });
    expect(payload.iss).toBeUndefined();
    expect(payload.scope).toBe('');
  });

  it('cannot be verified with another secret', async () => {
    const token = await signDevToken({ secret: SECRET, agentId: 'a', scopes: [], audience: 'aud', ttlSeconds: 60 });
    await expect(jwtVerify(token, new TextEncoder().encode('x'.repeat(40)))).rejects.toThrow(/signature/);
  });
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['15m', 900],
    ['12h', 43_200],
    ['7d', 604_800],
    ['3600', 3600],
    [' 5 m ', 300],
  ])('%j → %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '1w', '1.5h', '-5m', 'h', '10 minutes', '5mm'])('refuses %j with an example of valid input', (text) => {
    expect(() => parseDuration(text)).toThrow(`invalid duration "${text}": use e.g. 90s, 15m, 12h, 7d`);
  });

  it.each(['0', '0s', '0d'])('refuses zero (%j)', (text) => {
    expect(() => parseDuration(text)).toThrow('must be positive');
  });
});
