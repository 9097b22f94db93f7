import { ProtocolError, SdkError, SdkErrorCode, SdkHttpError, UnauthorizedError } from '@modelcontextprotocol/client';
import { ConfigError } from '../config/app-config';
import { WebSocketUpgradeError } from '../client/websocket-upgrade-error';

/** What the CLI's exit status means; scripts rely on these. */
export const ExitCode = {
  Ok: 0,
  /** The server answered with an error, or a tool reported `isError: true`. */
  Failure: 1,
  /** Bad command line or local configuration; nothing was sent. */
  Usage: 2,
  /** The server could not be reached, or refused the credentials. */
  Connection: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The command line is wrong: unknown command or option, missing or malformed value. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Opening the connection failed (network, TLS, 401/403, refused upgrade, failed handshake). */
export class ConnectionFailedError extends Error {
  override name = 'ConnectionFailedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

const CONNECTION_SDK_CODES = new Set<string>([
  SdkErrorCode.ConnectionClosed,
  SdkErrorCode.NotConnected,
  SdkErrorCode.SendFailed,
  SdkErrorCode.ClientHttpAuthentication,
  SdkErrorCode.ClientHttpForbidden,
]);

/** Maps anything a command threw to the exit status a script can act on. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError || error instanceof ConfigError) return ExitCode.Usage;
  if (isConnectionFailure(error)) return ExitCode.Connection;
  return ExitCode.Failure;
}

function isConnectionFailure(error: unknown): boolean {
  if (error instanceof ConnectionFailedError || error instanceof WebSocketUpgradeError) return true;
  if (UnauthorizedError.isInstance(error)) return true;
  if (SdkHttpError.isInstance(error)) return error.status === 401 || error.status === 403;
  if (SdkError.isInstance(error)) return CONNECTION_SDK_CODES.has(error.code);
  return hasNetworkCause(error);
}

/** fetch() and ws report network failures as a generic error whose cause chain carries the code. */
function hasNetworkCause(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => hasNetworkCause(inner, depth + 1))) return true;
  return hasNetworkCause(error.cause, depth + 1);
}

/** One readable line (plus the JSON-RPC code and data when the server sent them). */
export function describeError(error: unknown): { message: string; code?: number; data?: unknown } {
  if (ProtocolError.isInstance(error)) return { message: error.message, code: error.code, data: error.data };
  if (!(error instanceof Error)) return { message: String(error) };
  if (error instanceof ConnectionFailedError) return { message: error.message }; // already names the cause
  const rootCause = deepestCause(error);
  const message =
    rootCause && rootCause.message && !error.message.includes(rootCause.message) ? `${error.message}: ${rootCause.message}` : error.message;
  return { message };
}

function deepestCause(error: Error): Error | undefined {
  let current: unknown = error.cause;
  let deepest: Error | undefined;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    deepest = current;
    current = current.cause;
  }
  return deepest;
}
