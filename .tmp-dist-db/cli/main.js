#!/usr/bin/env node
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const cli_1 = require("./cli");
const commands_1 = require("./commands");
// The CLI's edge: the only place that touches process.argv, process.env and the exit code.
(0, cli_1.runCli)(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }, commands_1.COMMANDS).then((code) => {
    process.exitCode = code;
}, (error) => {
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
});
//# sourceMappingURL=main.js.map