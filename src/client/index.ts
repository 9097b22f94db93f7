/** The public client API: connect an SDK v2 `Client` to Switchboard and call its own methods. */
export {
  MCP_SUBPROTOCOL,
  WebSocketClientTransport,
  type WebSocketClientTransportOptions,
  type WebSocketCloseInfo,
} from './websocket-client-transport';
export { WebSocketUpgradeError } from './websocket-upgrade-error';
export { ReconnectingWebSocketTransport, type ReconnectingWebSocketTransportOptions } from './reconnecting-websocket-transport';
export { DEFAULT_RECONNECT, backoffDelay, isRetriableClose, type ReconnectOptions } from './reconnect-policy';
export { CONNECTION_LOST_CODE, ConnectionLostError, isConnectionLost, type ConnectionLostData } from './connection-lost.error';
export { stampRequestMeta, type RequestMetaOptions } from './request-meta';
export {
  DEFAULT_CLIENT_INFO,
  connectSwitchboard,
  resolveEndpoint,
  type ConnectSwitchboardOptions,
  type SwitchboardConnection,
  type SwitchboardTransportKind,
} from './switchboard-client';
export {
  SWITCHBOARD_METHODS,
  ContextHistoryPageSchema,
  ContextSnapshotSchema,
  ContextUpdateResultSchema,
  SessionsPageSchema,
  contextGet,
  contextHistory,
  contextUpdate,
  notifyContextUpdate,
  sessionsList,
  type ContextHistoryEntry,
  type ContextHistoryPage,
  type ContextHistoryParams,
  type ContextRef,
  type ContextSnapshot,
  type ContextUpdateParams,
  type ContextUpdateResult,
  type MergePatch,
  type SessionInfo,
  type SessionsListParams,
  type SessionsPage,
} from './switchboard-methods';
