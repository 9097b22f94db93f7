import { loadConfig } from '../config/app-config';
import { HostPolicy } from './host-policy';

describe('HostPolicy', () => {
  const policy = (env: Record<string, string> = {}) => new HostPolicy(loadConfig({ PORT: '3000', ...env }));

  it('compares an Origin by scheme, host and port, not by host name alone', () => {
    const p = policy({
      PUBLIC_URL: 'https://mcp.example.com',
      ALLOWED_ORIGINS: 'https://console.example.com, http://tools.example.com:8080/',
    });
    const host = 'mcp.example.com';
    expect(p.check({ host, origin: 'https://mcp.example.com' })).toBeUndefined();
    expect(p.check({ host, origin: 'https://mcp.example.com:443' })).toBeUndefined(); // the default port, spelled out
    expect(p.check({ host, origin: 'https://console.example.com' })).toBeUndefined();
    expect(p.check({ host, origin: 'https://CONSOLE.example.com' })).toBeUndefined();
    expect(p.check({ host, origin: 'http://tools.example.com:8080' })).toBeUndefined();
    for (const origin of [
      'http://mcp.example.com', // plain http: anyone on the path can inject script into it
      'https://mcp.example.com:8443',
      'http://console.example.com',
      'https://console.example.com:444',
      'http://tools.example.com',
      'https://tools.example.com:8080',
    ]) {
      expect(p.check({ host, origin })).toBe(`Origin ${JSON.stringify(origin)} is not allowed`);
    }
  });

  it("accepts a page of this server: PUBLIC_URL's scheme with the request's own host and port", () => {
    const p = policy({ PUBLIC_URL: 'https://mcp.example.com', ALLOWED_HOSTS: 'switchboard.internal' });
    expect(p.check({ host: 'switchboard.internal', origin: 'https://switchboard.internal' })).toBeUndefined();
    expect(p.check({ host: 'switchboard.internal:8443', origin: 'https://switchboard.internal:8443' })).toBeUndefined();
    expect(p.check({ host: 'switchboard.internal', origin: 'http://switchboard.internal' })).toMatch(/not allowed/);
    expect(p.check({ host: 'switchboard.internal:8443', origin: 'https://switchboard.internal' })).toMatch(/not allowed/);
    // Another allowed host's page is another site.
    expect(p.check({ host: 'switchboard.internal', origin: 'https://localhost.example' })).toMatch(/not allowed/);
  });

  it('accepts loopback pages on any port, and applies the same-origin rule when the Host check is off', () => {
    const p = policy({ ALLOWED_HOSTS: '*' });
    expect(p.check({ host: '127.0.0.1:3000', origin: 'http://localhost:6274' })).toBeUndefined();
    expect(p.check({ host: '127.0.0.1:3000', origin: 'http://[::1]:5173' })).toBeUndefined();
    expect(p.check({ host: 'anything.example:3000', origin: 'http://anything.example:3000' })).toBeUndefined();
    expect(p.check({ host: 'anything.example:3000', origin: 'http://anything.example:3001' })).toMatch(/not allowed/);
    expect(p.check({ host: 'anything.example:3000', origin: 'http://other.example:3000' })).toMatch(/not allowed/);
  });

  it('refuses what is not a web origin, and a foreign Host before looking at the Origin', () => {
    const p = policy();
    expect(p.check({ host: 'localhost:3000', origin: 'null' })).toBe('Origin "null" is not allowed');
    expect(p.check({ host: 'localhost:3000', origin: 'file:///etc/passwd' })).toMatch(/not a valid origin/);
    expect(p.check({ host: 'localhost:3000', origin: 'not a url' })).toMatch(/not a valid origin/);
    expect(p.check({ host: 'evil.example:3000', origin: 'http://localhost:3000' })).toBe('Host "evil.example:3000" is not allowed');
    expect(p.check({ host: 'localhost:3000' })).toBeUndefined();
  });

  it('refuses ALLOWED_ORIGINS entries that are not origins at boot, naming the key', () => {
    for (const bad of [
      'console.example.com',
      'https://console.example.com/app',
      'ftp://files.example.com',
      'https://a.example?x=1',
      'https://u:p@a.example',
    ]) {
      expect(() => loadConfig({ ALLOWED_ORIGINS: bad })).toThrow(/ALLOWED_ORIGINS=.*must be comma-separated origins/);
    }
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://a.example, http://localhost:5173/,' })).not.toThrow();
  });
});
