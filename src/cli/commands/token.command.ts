import { parseDuration, signDevToken } from '../../auth/token-signer';
import { loadConfig } from '../../config/app-config';
import { stringOption } from '../args';
import type { CommandDefinition } from '../command';
import { ExitCode, UsageError } from '../exit-codes';
import { DEFAULT_TOKEN_SCOPES, parseScopeList, unknownScopes } from '../token-scopes';
import { chooseSigningKey } from '../token-signing-key';

const DEFAULT_TTL = '12h';
const AGENT_ID = /^[^\s]{1,200}$/;

export const tokenCommand: CommandDefinition = {
  path: ['token'],
  summary: 'mint a development token (printed alone on the last line of stdout)',
  details: [
    'Signs with AUTH_JWT_SECRET when set, otherwise (outside production) with the dev secret',
    'kept in the data directory, so the local server accepts the token. Without --scope the',
    'token carries every scope the server knows.',
    '',
    'Example: export SWITCHBOARD_TOKEN=$(npm run -s token -- --agent alice)',
  ].join('\n'),
  options: {
    agent: { type: 'string', valueName: 'id', description: 'agent id (the token subject), required' },
    scope: { type: 'string', valueName: 'scopes', description: 'space-separated scopes (default: all known)' },
    ttl: { type: 'string', valueName: 'duration', description: `lifetime: 90s, 15m, 12h, 7d (default ${DEFAULT_TTL})` },
    audience: { type: 'string', valueName: 'aud', description: "audience (default: the server's, from the config)" },
  },
  async run({ args, env, out }) {
    const agentId = stringOption(args.values, 'agent');
    if (agentId === undefined) throw new UsageError('--agent <id> is required');
    if (!AGENT_ID.test(agentId)) throw new UsageError(`--agent must be 1–200 characters without spaces, got "${agentId}"`);
    const scopeText = stringOption(args.values, 'scope');
    const scopes = scopeText === undefined ? [...DEFAULT_TOKEN_SCOPES] : parseScopeList(scopeText);
    const ttlSeconds = parseTtl(stringOption(args.values, 'ttl') ?? DEFAULT_TTL);

    const config = loadConfig(env);
    const key = chooseSigningKey(config);
    const audience = stringOption(args.values, 'audience') ?? config.audience;
    const token = await signDevToken({
      secret: key.secret,
      agentId,
      scopes,
      audience,
      issuer: config.AUTH_ISSUER,
      ttlSeconds,
    });
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000).toISOString();

    for (const scope of unknownScopes(scopes)) out.note(`warning: no registered tool is known to declare scope "${scope}"`);
    if (out.json) {
      out.line(JSON.stringify({ token, agentId, scopes, audience, expiresAt }));
    } else {
      out.note(`Token for agent "${agentId}", scopes: ${scopes.join(' ')}`);
      out.note(`audience ${audience}, expires ${expiresAt}, signed with the ${key.origin}`);
      out.line(token);
    }
    return ExitCode.Ok;
  },
};

function parseTtl(text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new UsageError(`--ttl: ${(error as Error).message}`);
  }
}
