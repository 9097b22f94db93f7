"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ToolError = void 0;
/**
 * A failure the agent should see and may recover from: it becomes a tool result with
 * `isError: true` and this message, not a protocol error.
 */
class ToolError extends Error {
}
exports.ToolError = ToolError;
//# sourceMappingURL=tool-error.js.map