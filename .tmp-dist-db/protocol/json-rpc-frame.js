"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MAX_JSON_DEPTH = void 0;
exports.errorResponse = errorResponse;
exports.parseFrame = parseFrame;
exports.requestIdOf = requestIdOf;
exports.serialize = serialize;
const mcp_error_1 = require("./mcp-error");
exports.MAX_JSON_DEPTH = 64;
// `__proto__` anywhere, and `constructor.prototype`, are what prototype pollution needs.
const FORBIDDEN_KEYS = ['"__proto__"', '"prototype"'];
function errorResponse(id, code, message, data) {
    // JSON-RPC 2.0 answers a request it could not identify with id null; the SDK's type
    // insists on an id, so the null case is cast rather than invented.
    return { jsonrpc: '2.0', id: id, error: data ? { code, message, data } : { code, message } };
}
/**
 * Parses one JSON-RPC frame (a WebSocket text frame or an HTTP body). Rejects malformed
 * JSON (-32700), nesting deeper than {@link MAX_JSON_DEPTH} and keys that could pollute
 * prototypes further down (-32600), before any handler sees the message.
 */
function parseFrame(text, maxDepth = exports.MAX_JSON_DEPTH) {
    const depthError = checkDepth(text, maxDepth);
    if (depthError)
        return { ok: false, error: errorResponse(null, mcp_error_1.ErrorCode.InvalidRequest, depthError) };
    let message;
    try {
        message = JSON.parse(text);
    }
    catch (err) {
        return { ok: false, error: errorResponse(null, mcp_error_1.ErrorCode.ParseError, `Parse error: ${err.message}`) };
    }
    if (FORBIDDEN_KEYS.some((key) => text.includes(key))) {
        const path = findForbiddenKey(message, '');
        if (path) {
            const id = requestIdOf(message);
            return {
                ok: false,
                error: errorResponse(id, mcp_error_1.ErrorCode.InvalidRequest, `Invalid request: forbidden key at ${path}`, { path }),
            };
        }
    }
    return { ok: true, message };
}
/** The id of a message that looks like a request, or null. */
function requestIdOf(message) {
    if (typeof message !== 'object' || message === null || Array.isArray(message))
        return null;
    const id = message.id;
    return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
}
function serialize(message) {
    return JSON.stringify(message);
}
/** Nesting depth check on the raw text, so hostile input never reaches JSON.parse's recursion. */
function checkDepth(text, maxDepth) {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 92 /* \ */)
                i++;
            else if (c === 34 /* " */)
                inString = false;
        }
        else if (c === 34)
            inString = true;
        else if (c === 123 /* { */ || c === 91 /* [ */) {
            if (++depth > maxDepth)
                return `Invalid request: JSON nested deeper than ${maxDepth} levels`;
        }
        else if (c === 125 /* } */ || c === 93 /* ] */)
            depth--;
    }
    return undefined;
}
function findForbiddenKey(value, path) {
    if (typeof value !== 'object' || value === null)
        return undefined;
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
            const found = findForbiddenKey(value[i], `${path}[${i}]`);
            if (found)
                return found;
        }
        return undefined;
    }
    for (const key of Object.keys(value)) {
        const here = path ? `${path}.${key}` : key;
        const child = value[key];
        if (key === '__proto__')
            return here;
        if (key === 'constructor' && typeof child === 'object' && child !== null && 'prototype' in child)
            return `${here}.prototype`;
        const found = findForbiddenKey(child, here);
        if (found)
            return found;
    }
    return undefined;
}
//# sourceMappingURL=json-rpc-frame.js.map