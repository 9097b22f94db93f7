/**
 * A failure the agent should see and may recover from: it becomes a tool result with
 * `isError: true` and this message, not a protocol error.
 */
export class ToolError extends Error {}
