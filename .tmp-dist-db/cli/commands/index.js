"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.COMMANDS = void 0;
const context_command_1 = require("./context.command");
const sessions_command_1 = require("./sessions.command");
const token_command_1 = require("./token.command");
const tools_command_1 = require("./tools.command");
/** Every CLI command, in the order `--help` lists them. */
exports.COMMANDS = [
    token_command_1.tokenCommand,
    tools_command_1.toolsListCommand,
    tools_command_1.toolsCallCommand,
    context_command_1.contextGetCommand,
    context_command_1.contextUpdateCommand,
    context_command_1.contextHistoryCommand,
    sessions_command_1.sessionsListCommand,
];
//# sourceMappingURL=index.js.map