"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SessionsPageSchema = exports.ContextHistoryPageSchema = exports.ContextUpdateResultSchema = exports.ContextSnapshotSchema = exports.SWITCHBOARD_METHODS = void 0;
exports.contextGet = contextGet;
exports.contextUpdate = contextUpdate;
exports.notifyContextUpdate = notifyContextUpdate;
exports.contextHistory = contextHistory;
exports.sessionsList = sessionsList;
const zod_1 = require("zod");
/** Switchboard's own JSON-RPC methods (not part of MCP), served on both transports. */
exports.SWITCHBOARD_METHODS = {
    contextGet: 'context/get',
    contextUpdate: 'context/update',
    contextUpdateNotification: 'notifications/context/update',
    contextHistory: 'context/history',
    sessionsList: 'sessions/list',
};
const isoTimestamp = zod_1.z.string();
exports.ContextSnapshotSchema = zod_1.z.object({
    contextId: zod_1.z.string(),
    version: zod_1.z.number().int().nonnegative(),
    state: zod_1.z.record(zod_1.z.string(), zod_1.z.unknown()),
    updatedAt: isoTimestamp,
});
exports.ContextUpdateResultSchema = zod_1.z.object({
    contextId: zod_1.z.string(),
    version: zod_1.z.number().int().nonnegative(),
});
exports.ContextHistoryPageSchema = zod_1.z.object({
    updates: zod_1.z.array(zod_1.z.object({
        version: zod_1.z.number().int().nonnegative(),
        patch: zod_1.z.unknown(),
        createdAt: isoTimestamp,
        agentId: zod_1.z.string(),
    })),
    nextCursor: zod_1.z.string().optional(),
});
exports.SessionsPageSchema = zod_1.z.object({
    sessions: zod_1.z.array(zod_1.z.object({
        id: zod_1.z.string(),
        agentId: zod_1.z.string(),
        transport: zod_1.z.string(),
        protocolVersion: zod_1.z.string().nullable(),
        createdAt: isoTimestamp,
        lastSeenAt: isoTimestamp.nullable(),
        closedAt: isoTimestamp.nullable(),
    })),
    nextCursor: zod_1.z.string().optional(),
});
/** `context/get`: the current state and version of a context. */
function contextGet(client, params = {}, options) {
    return client.request({ method: exports.SWITCHBOARD_METHODS.contextGet, params: defined(params) }, exports.ContextSnapshotSchema, options);
}
/** `context/update`: applies a merge patch; resolves once the update is committed. */
function contextUpdate(client, params, options) {
    return client.request({ method: exports.SWITCHBOARD_METHODS.contextUpdate, params: defined(params) }, exports.ContextUpdateResultSchema, options);
}
/** `notifications/context/update`: the same update, fire-and-forget (no version, no conflict check). */
function notifyContextUpdate(client, params) {
    return client.notification({ method: exports.SWITCHBOARD_METHODS.contextUpdateNotification, params: defined(params) });
}
/** `context/history`: the updates that produced a context, oldest first, paginated. */
function contextHistory(client, params = {}, options) {
    return client.request({ method: exports.SWITCHBOARD_METHODS.contextHistory, params: defined(params) }, exports.ContextHistoryPageSchema, options);
}
/** `sessions/list` (scope `sessions:admin`): stored sessions, paginated. */
function sessionsList(client, params = {}, options) {
    return client.request({ method: exports.SWITCHBOARD_METHODS.sessionsList, params: defined(params) }, exports.SessionsPageSchema, options);
}
/** Drops undefined members so that optional params are absent on the wire, not `null`. */
function defined(params) {
    return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
}
//# sourceMappingURL=switchboard-methods.js.map