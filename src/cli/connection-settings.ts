import type { ConnectSwitchboardOptions, SwitchboardTransportKind } from '../client/switchboard-client';
import { stringOption, type OptionValues } from './args';
import { UsageError } from './exit-codes';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:3000/mcp';

const TRANSPORT_NAMES: Record<string, SwitchboardTransportKind> = {
  http: 'http',
  ws: 'websocket',
  websocket: 'websocket',
};

export type ConnectionSettings = ConnectSwitchboardOptions & { url: URL; transport: SwitchboardTransportKind; token: string };

/** Where and how to connect, from the options first and the environment second. */
export function resolveConnectionSettings(values: OptionValues, env: NodeJS.ProcessEnv): ConnectionSettings {
  const urlText = stringOption(values, 'url') ?? nonEmpty(env['SWITCHBOARD_URL']) ?? DEFAULT_SERVER_URL;
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    throw new UsageError(`not a valid URL: "${urlText}" (expected e.g. ${DEFAULT_SERVER_URL})`);
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw new UsageError(`unsupported URL scheme "${url.protocol}" in ${urlText} (use http(s):// or ws(s)://)`);
  }

  const transportText = stringOption(values, 'transport');
  const transport = transportText === undefined ? undefined : TRANSPORT_NAMES[transportText.toLowerCase()];
  if (transportText !== undefined && transport === undefined) {
    throw new UsageError(`--transport must be "http" or "ws", got "${transportText}"`);
  }

  const token = stringOption(values, 'token') ?? nonEmpty(env['SWITCHBOARD_TOKEN']);
  if (!token) {
    throw new UsageError(
      'no token: pass --token or set SWITCHBOARD_TOKEN (in development: export SWITCHBOARD_TOKEN=$(npm run -s token -- --agent <id>))',
    );
  }

  // One-shot commands default to Streamable HTTP; a ws:// URL means WebSocket.
  const defaultKind: SwitchboardTransportKind = url.protocol === 'ws:' || url.protocol === 'wss:' ? 'websocket' : 'http';
  return { url, token, transport: transport ?? defaultKind, sessionId: stringOption(values, 'session') };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
