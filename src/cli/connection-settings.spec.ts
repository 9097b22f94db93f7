import { DEFAULT_SERVER_URL, resolveConnectionSettings } from './connection-settings';
import { UsageError } from './exit-codes';

describe('resolveConnectionSettings', () => {
  it('defaults to the local server over Streamable HTTP', () => {
    const settings = resolveConnectionSettings({}, { SWITCHBOARD_TOKEN: 'env-token' });
    expect(settings.url).toEqual(new URL(DEFAULT_SERVER_URL));
    expect(settings.transport).toBe('http');
    expect(settings.token).toBe('env-token');
    expect(settings.sessionId).toBeUndefined();
  });

  it('prefers options over the environment', () => {
    const settings = resolveConnectionSettings(
      { url: 'http://flag:1/mcp', token: 'flag-token', session: 's-1' },
      { SWITCHBOARD_URL: 'http://env:2/mcp', SWITCHBOARD_TOKEN: 'env-token' },
    );
    expect(settings).toMatchObject({ url: new URL('http://flag:1/mcp'), token: 'flag-token', sessionId: 's-1' });
  });

  it('reads SWITCHBOARD_URL and ignores blank variables', () => {
    expect(resolveConnectionSettings({}, { SWITCHBOARD_URL: 'http://env:2/mcp', SWITCHBOARD_TOKEN: 't' }).url.host).toBe('env:2');
    expect(resolveConnectionSettings({}, { SWITCHBOARD_URL: ' ', SWITCHBOARD_TOKEN: 't' }).url.href).toBe(DEFAULT_SERVER_URL);
  });

  it.each([
    ['ws', 'websocket'],
    ['websocket', 'websocket'],
    ['HTTP', 'http'],
  ])('accepts --transport %s', (name, kind) => {
    expect(resolveConnectionSettings({ transport: name, token: 't' }, {}).transport).toBe(kind);
  });

  it('uses WebSocket for a ws:// URL', () => {
    expect(resolveConnectionSettings({ url: 'ws://h/mcp', token: 't' }, {}).transport).toBe('websocket');
  });

  it.each([
    [{ transport: 'grpc', token: 't' }, /--transport must be "http" or "ws"/],
    [{ url: 'not a url', token: 't' }, /not a valid URL/],
    [{ url: 'ftp://h/mcp', token: 't' }, /unsupported URL scheme/],
    [{}, /no token: pass --token or set SWITCHBOARD_TOKEN/],
  ])('rejects %p as a usage error', (values, message) => {
    expect(() => resolveConnectionSettings(values, {})).toThrow(UsageError);
    expect(() => resolveConnectionSettings(values, {})).toThrow(message);
  });
});
