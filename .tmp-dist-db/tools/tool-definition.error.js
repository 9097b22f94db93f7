"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ToolDefinitionError = void 0;
/** A tool that cannot be registered; stops the boot with a message naming class and method. */
class ToolDefinitionError extends Error {
    constructor(where, problem) {
        super(`Invalid tool ${where}: ${problem}`);
    }
}
exports.ToolDefinitionError = ToolDefinitionError;
//# sourceMappingURL=tool-definition.error.js.map