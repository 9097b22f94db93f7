"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ConnectionFailedError = exports.UsageError = exports.ExitCode = void 0;
exports.exitCodeFor = exitCodeFor;
exports.describeError = describeError;
const client_1 = require("@modelcontextprotocol/client");
const app_config_1 = require("../config/app-config");
const websocket_upgrade_error_1 = require("../client/websocket-upgrade-error");
/** What the CLI's exit status means; scripts rely on these. */
exports.ExitCode = {
    Ok: 0,
    /** The server answered with an error, or a tool reported `isError: true`. */
    Failure: 1,
    /** Bad command line or local configuration; nothing was sent. */
    Usage: 2,
    /** The server could not be reached, or refused the credentials. */
    Connection: 3,
};
/** The command line is wrong: unknown command or option, missing or malformed value. */
class UsageError extends Error {
    name = 'UsageError';
}
exports.UsageError = UsageError;
/** Opening the connection failed (network, TLS, 401/403, refused upgrade, failed handshake). */
class ConnectionFailedError extends Error {
    name = 'ConnectionFailedError';
    constructor(message, options) {
        super(message, options);
    }
}
exports.ConnectionFailedError = ConnectionFailedError;
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
const CONNECTION_SDK_CODES = new Set([
    client_1.SdkErrorCode.ConnectionClosed,
    client_1.SdkErrorCode.NotConnected,
    client_1.SdkErrorCode.SendFailed,
    client_1.SdkErrorCode.ClientHttpAuthentication,
    client_1.SdkErrorCode.ClientHttpForbidden,
]);
/** Maps anything a command threw to the exit status a script can act on. */
function exitCodeFor(error) {
    if (error instanceof UsageError || error instanceof app_config_1.ConfigError)
        return exports.ExitCode.Usage;
    if (isConnectionFailure(error))
        return exports.ExitCode.Connection;
    return exports.ExitCode.Failure;
}
function isConnectionFailure(error) {
    if (error instanceof ConnectionFailedError || error instanceof websocket_upgrade_error_1.WebSocketUpgradeError)
        return true;
    if (client_1.UnauthorizedError.isInstance(error))
        return true;
    if (client_1.SdkHttpError.isInstance(error))
        return error.status === 401 || error.status === 403;
    if (client_1.SdkError.isInstance(error))
        return CONNECTION_SDK_CODES.has(error.code);
    return hasNetworkCause(error);
}
/** fetch() and ws report network failures as a generic error whose cause chain carries the code. */
function hasNetworkCause(error, depth = 0) {
    if (!(error instanceof Error) || depth > 5)
        return false;
    const code = error.code;
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code))
        return true;
    if (error instanceof AggregateError && error.errors.some((inner) => hasNetworkCause(inner, depth + 1)))
        return true;
    return hasNetworkCause(error.cause, depth + 1);
}
/** One readable line (plus the JSON-RPC code and data when the server sent them). */
function describeError(error) {
    if (client_1.ProtocolError.isInstance(error))
        return { message: error.message, code: error.code, data: error.data };
    if (!(error instanceof Error))
        return { message: String(error) };
    if (error instanceof ConnectionFailedError)
        return { message: error.message }; // already names the cause
    const rootCause = deepestCause(error);
    const message = rootCause && rootCause.message && !error.message.includes(rootCause.message)
        ? `${error.message}: ${rootCause.message}`
        : error.message;
    return { message };
}
function deepestCause(error) {
    let current = error.cause;
    let deepest;
    for (let depth = 0; current instanceof Error && depth < 5; depth++) {
        deepest = current;
        current = current.cause;
    }
    return deepest;
}
//# sourceMappingURL=exit-codes.js.map