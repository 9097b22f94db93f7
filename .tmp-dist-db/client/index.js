"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sessionsList = exports.notifyContextUpdate = exports.contextUpdate = exports.contextHistory = exports.contextGet = exports.SessionsPageSchema = exports.ContextUpdateResultSchema = exports.ContextSnapshotSchema = exports.ContextHistoryPageSchema = exports.SWITCHBOARD_METHODS = exports.resolveEndpoint = exports.connectSwitchboard = exports.DEFAULT_CLIENT_INFO = exports.WebSocketUpgradeError = exports.WebSocketClientTransport = exports.MCP_SUBPROTOCOL = void 0;
/** The public client API: connect an SDK v2 `Client` to Switchboard and call its own methods. */
var websocket_client_transport_1 = require("./websocket-client-transport");
Object.defineProperty(exports, "MCP_SUBPROTOCOL", { enumerable: true, get: function () { return websocket_client_transport_1.MCP_SUBPROTOCOL; } });
Object.defineProperty(exports, "WebSocketClientTransport", { enumerable: true, get: function () { return websocket_client_transport_1.WebSocketClientTransport; } });
var websocket_upgrade_error_1 = require("./websocket-upgrade-error");
Object.defineProperty(exports, "WebSocketUpgradeError", { enumerable: true, get: function () { return websocket_upgrade_error_1.WebSocketUpgradeError; } });
var switchboard_client_1 = require("./switchboard-client");
Object.defineProperty(exports, "DEFAULT_CLIENT_INFO", { enumerable: true, get: function () { return switchboard_client_1.DEFAULT_CLIENT_INFO; } });
Object.defineProperty(exports, "connectSwitchboard", { enumerable: true, get: function () { return switchboard_client_1.connectSwitchboard; } });
Object.defineProperty(exports, "resolveEndpoint", { enumerable: true, get: function () { return switchboard_client_1.resolveEndpoint; } });
var switchboard_methods_1 = require("./switchboard-methods");
Object.defineProperty(exports, "SWITCHBOARD_METHODS", { enumerable: true, get: function () { return switchboard_methods_1.SWITCHBOARD_METHODS; } });
Object.defineProperty(exports, "ContextHistoryPageSchema", { enumerable: true, get: function () { return switchboard_methods_1.ContextHistoryPageSchema; } });
Object.defineProperty(exports, "ContextSnapshotSchema", { enumerable: true, get: function () { return switchboard_methods_1.ContextSnapshotSchema; } });
Object.defineProperty(exports, "ContextUpdateResultSchema", { enumerable: true, get: function () { return switchboard_methods_1.ContextUpdateResultSchema; } });
Object.defineProperty(exports, "SessionsPageSchema", { enumerable: true, get: function () { return switchboard_methods_1.SessionsPageSchema; } });
Object.defineProperty(exports, "contextGet", { enumerable: true, get: function () { return switchboard_methods_1.contextGet; } });
Object.defineProperty(exports, "contextHistory", { enumerable: true, get: function () { return switchboard_methods_1.contextHistory; } });
Object.defineProperty(exports, "contextUpdate", { enumerable: true, get: function () { return switchboard_methods_1.contextUpdate; } });
Object.defineProperty(exports, "notifyContextUpdate", { enumerable: true, get: function () { return switchboard_methods_1.notifyContextUpdate; } });
Object.defineProperty(exports, "sessionsList", { enumerable: true, get: function () { return switchboard_methods_1.sessionsList; } });
//# sourceMappingURL=index.js.map