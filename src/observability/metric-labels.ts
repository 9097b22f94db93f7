import { ErrorCode } from '../protocol/mcp-error';

/**
 * Label values come only from fixed sets, so a client cannot grow the number of time
 * series by sending made-up method names, tool names or error codes.
 */

/** Client-to-server requests of MCP (2025-03-26 … 2026-07-28) and of Switchboard. */
export const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'initialize',
  'ping',
  'server/discover',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/read',
  'resources/templates/list',
  'resources/subscribe',
  'resources/unsubscribe',
  'prompts/list',
  'prompts/get',
  'completion/complete',
  'logging/setLevel',
  'subscriptions/listen',
  'tasks/get',
  'tasks/list',
  'tasks/result',
  'tasks/cancel',
  'context/get',
  'context/update',
  'context/history',
  'sessions/list',
]);

export const OTHER = 'other';
export const UNKNOWN_TOOL = 'unknown';

const METHOD_SHAPE = /^[a-z]+(\/[a-zA-Z_]+)*$/;

/** The method itself when the server knows it, else "other". */
export function methodLabel(method: string): string {
  return method.length <= 40 && METHOD_SHAPE.test(method) && KNOWN_METHODS.has(method) ? method : OTHER;
}

const KNOWN_CODES: ReadonlySet<number> = new Set(Object.values(ErrorCode).filter((v): v is number => typeof v === 'number'));

/** JSON-RPC error codes the server itself produces; anything else is "other". */
export function errorCodeLabel(code: number | undefined): string {
  return code !== undefined && KNOWN_CODES.has(code) ? String(code) : OTHER;
}

/** Outcomes the tool handler reports (see ToolCallCompleted). */
const TOOL_OUTCOMES: ReadonlySet<string> = new Set(['ok', 'tool_error', 'invalid_input', 'refused', 'internal_error']);

export function toolOutcomeLabel(outcome: string): string {
  return TOOL_OUTCOMES.has(outcome) ? outcome : OTHER;
}
