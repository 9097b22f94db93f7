import { loadConfig } from '../config/app-config';
import { bearerChallenge, resourceMetadataUrl } from './bearer-challenge';

describe('bearerChallenge', () => {
  const config = loadConfig({ PUBLIC_URL: 'https://mcp.example.com/' });

  it('points at the path-aware protected-resource metadata', () => {
    expect(resourceMetadataUrl(config)).toBe('https://mcp.example.com/.well-known/oauth-protected-resource/mcp');
    expect(bearerChallenge(config)).toBe('Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"');
  });

  it('adds error, description and scope when given', () => {
    expect(
      bearerChallenge(config, { error: 'insufficient_scope', description: 'needs more', scope: ['customers:read', 'context:write'] }),
    ).toBe(
      'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", error="insufficient_scope", ' +
        'error_description="needs more", scope="customers:read context:write"',
    );
  });

  it('keeps quotes and backslashes in descriptions from breaking the header', () => {
    const header = bearerChallenge(config, { error: 'invalid_token', description: 'token audience invalid. expected: "x\\y"' });
    expect(header).toContain(`error_description="token audience invalid. expected: 'x'y'"`);
    // every quoted-string is closed: an even number of double quotes
    expect(header.split('"').length % 2).toBe(1);
  });

  it('leaves out an empty scope list', () => {
    expect(bearerChallenge(config, { scope: [] })).not.toContain('scope=');
  });

  it('uses the local URL by default', () => {
    expect(bearerChallenge(loadConfig({ PORT: '4000' }))).toContain(
      'resource_metadata="http://127.0.0.1:4000/.well-known/oauth-protected-resource/mcp"',
    );
  });
});
