import { ProtocolError, SdkError, SdkErrorCode, SdkHttpError, UnauthorizedError } from '@modelcontextprotocol/client';
import { ConfigError } from '../config/app-config';
import { WebSocketUpgradeError } from '../client/websocket-upgrade-error';
import { ConnectionFailedError, describeError, ExitCode, exitCodeFor, UsageError } from './exit-codes';

function networkError(code: string): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code} 127.0.0.1:3000`), { code }) });
}

describe('exitCodeFor', () => {
  it.each<[string, unknown, ExitCode]>([
    ['a usage error', new UsageError('bad flag'), ExitCode.Usage],
    ['a bad local configuration', new ConfigError('PORT'), ExitCode.Usage],
    ['a failed connect', new ConnectionFailedError('could not connect'), ExitCode.Connection],
    ['a refused WebSocket upgrade', new WebSocketUpgradeError(401, 'invalid_token', {}), ExitCode.Connection],
    ['an HTTP 401', new UnauthorizedError(), ExitCode.Connection],
    ['an HTTP 403', new SdkHttpError(SdkErrorCode.ClientHttpForbidden, 'no', { status: 403 }), ExitCode.Connection],
    ['a refused TCP connection', networkError('ECONNREFUSED'), ExitCode.Connection],
    ['an unknown host', networkError('ENOTFOUND'), ExitCode.Connection],
    ['a dropped connection', new SdkError(SdkErrorCode.ConnectionClosed, 'closed'), ExitCode.Connection],
    ['a JSON-RPC error from the server', new ProtocolError(-32602, 'bad params'), ExitCode.Failure],
    ['an HTTP 500', new SdkHttpError(SdkErrorCode.ClientHttpNotImplemented, 'oops', { status: 500 }), ExitCode.Failure],
    ['a request timeout', new SdkError(SdkErrorCode.RequestTimeout, 'timeout'), ExitCode.Failure],
    ['anything else', new Error('surprise'), ExitCode.Failure],
    ['a non-error', 'string thrown', ExitCode.Failure],
  ])('maps %s', (_name, error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });
});

describe('describeError', () => {
  it('keeps the JSON-RPC code and data', () => {
    expect(describeError(new ProtocolError(-32009, 'conflict', { currentVersion: 2 }))).toEqual({
      message: 'conflict',
      code: -32009,
      data: { currentVersion: 2 },
    });
  });

  it('names the root cause of a vague network error', () => {
    expect(describeError(networkError('ECONNREFUSED')).message).toBe('fetch failed: connect ECONNREFUSED 127.0.0.1:3000');
  });
});
